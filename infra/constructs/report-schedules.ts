/**
 * EventBridge Scheduler schedules: one per report whose schedule is enabled (cron in the report's own
 * time zone, so "Monday 08:00 Europe/Paris" stays 08:00 across DST), plus one daily run of
 * archive-exports per environment that archives Mux raw exports.
 *
 * Every schedule lives in one schedule group (metrics and alarms per group), retries 3 times within
 * 6 hours, then drops the event into an encrypted dead-letter queue.
 */
import { Annotations, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ContextAttribute,
  type CronOptionsWithTimezone,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvironmentConfig, ReportConfig } from '../../functions/commons/config/schema.js';
import { reservedAddressesOf } from '../sender-rules.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

/** Scheduler retry policy: a few quick retries (throttling, transient Lambda errors), bounded in time. */
export const SCHEDULE_RETRY_ATTEMPTS = 3;
export const SCHEDULE_MAX_EVENT_AGE = Duration.hours(6);
/** archive-exports runs daily at this UTC time (Mux publishes the previous day's export in the early hours). */
export const ARCHIVE_EXPORTS_UTC = { hour: '6', minute: '30' } as const;

/** Cron fields for a report's cadence and schedule (Scheduler cron: minute hour day month weekday year). */
export function cronFor(report: ReportConfig): CronOptionsWithTimezone {
  const [hour, minute] = report.schedule.time.split(':').map((part) => String(Number(part))) as [string, string];
  const timeZone = TimeZone.of(report.timeZone);
  switch (report.cadence) {
    case 'daily':
      return { minute, hour, timeZone };
    case 'weekly':
      return { minute, hour, weekDay: report.schedule.weekday, timeZone };
    case 'monthly':
      return { minute, hour, day: String(report.schedule.dayOfMonth), timeZone };
  }
}

export interface ReportSchedulesProps {
  readonly reports: readonly ReportConfig[];
  readonly scheduledReport: IFunction;
  /**
   * The report queue (SQS FIFO, ./report-queue.ts): reports are sent there, in their environment's message group,
   * instead of invoking `scheduledReport` directly.
   */
  readonly reportQueue?: IQueue;
  /** Environments whose raw exports are archived daily (`archiveExports: true`). */
  readonly archiveEnvironments: readonly EnvironmentConfig[];
  readonly archiveExports?: IFunction;
}

export class ReportSchedules extends Construct {
  readonly group: ScheduleGroup;
  readonly deadLetterQueue: IQueue;
  readonly schedules: Schedule[] = [];

  constructor(scope: Construct, id: string, props: ReportSchedulesProps) {
    super(scope, id);
    this.group = new ScheduleGroup(this, 'Group', {});
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters').queue;
    // One role for all schedules, owned here so its acknowledgment sits next to it. Only this account's
    // schedules may assume it (confused-deputy guard).
    const role = new Role(this, 'InvokeRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: invoke the report functions, send dead letters',
    });

    const target = (fn: IFunction, input: Record<string, string>) =>
      new LambdaInvoke(fn, {
        input: ScheduleTargetInput.fromObject(input),
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: SCHEDULE_MAX_EVENT_AGE,
        deadLetterQueue: this.deadLetterQueue,
        role,
      });

    for (const report of props.reports) {
      if (!report.schedule.enabled) continue;
      // The sample configuration, not yet edited: its addresses cannot receive mail (sender-rules.ts). The schedule
      // is created DISABLED, so a first deploy schedules nothing that can only bounce; editing the addresses and
      // deploying again enables it.
      const reserved = reservedAddressesOf(report);
      if (reserved.length > 0) {
        Annotations.of(this).addWarningV2(
          `mux-qoe:reserved-recipients:${report.id}`,
          `report "${report.id}" emails ${reserved.join(', ')} (reserved example domains that receive no mail): ` +
            'its schedule is created DISABLED. Put real recipients and from in reports.config.jsonc and deploy again',
        );
      }
      this.schedules.push(
        new Schedule(this, `Report-${report.id}`, {
          scheduleGroup: this.group,
          description: `${report.cadence} report "${report.id}" at ${report.schedule.time} ${report.timeZone}`,
          schedule: ScheduleExpression.cron(cronFor(report)),
          // The handler computes the report period from the SCHEDULED time, never from Date.now(),
          // so a retry hours later still reports on the right week.
          target: props.reportQueue
            ? new SqsSendMessage(props.reportQueue, {
                input: ScheduleTargetInput.fromObject({
                  reportId: report.id,
                  scheduledTime: ContextAttribute.scheduledTime,
                }),
                // One group per Mux environment: its reports run one at a time at its whole rate limit.
                messageGroupId: report.environment,
                retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
                maxEventAge: SCHEDULE_MAX_EVENT_AGE,
                deadLetterQueue: this.deadLetterQueue,
                role,
              })
            : target(props.scheduledReport, {
                reportId: report.id,
                scheduledTime: ContextAttribute.scheduledTime,
              }),
          enabled: reserved.length === 0,
        }),
      );
    }

    for (const fn of [props.reportQueue ? undefined : props.scheduledReport, props.archiveExports]) {
      if (!fn) continue;
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'Added by aws-scheduler-targets LambdaInvoke: the function ARN plus its versions/aliases (:*) of this one function.',
      });
    }

    if (props.archiveExports) {
      for (const env of props.archiveEnvironments) {
        this.schedules.push(
          new Schedule(this, `ArchiveExports-${env.name}`, {
            scheduleGroup: this.group,
            description: `daily archive of Mux raw exports for environment "${env.name}"`,
            schedule: ScheduleExpression.cron({ ...ARCHIVE_EXPORTS_UTC, timeZone: TimeZone.ETC_UTC }),
            target: target(props.archiveExports, {
              environment: env.name,
              scheduledTime: ContextAttribute.scheduledTime,
            }),
          }),
        );
      }
    }
  }
}
