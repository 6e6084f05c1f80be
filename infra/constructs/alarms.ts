/**
 * Alarms that tell a human a report did not go out: function errors, anything sitting in a
 * dead-letter / on-failure queue, and Scheduler failing to invoke (target errors, dropped events).
 * All notify one SNS topic, optionally with an email subscription.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ReportAlarmsProps {
  readonly functions: Record<string, IFunction>;
  readonly queues: Record<string, IQueue>;
  /** Queues whose oldest message must not wait longer than `maxAge` (ApproximateAgeOfOldestMessage). */
  readonly oldestMessage?: Record<string, { queue: IQueue; maxAge: Duration }>;
  readonly scheduleGroup: IScheduleGroup;
  readonly alarmEmail?: string;
}

const PERIOD = Duration.minutes(5);

export class ReportAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ReportAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Mux QoE reports alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry only alarm names and states. CloudWatch alarms cannot publish to a topic encrypted ' +
        'with the AWS-managed aws/sns key, and a customer-managed key would cost more than the rest of the stack.',
    });
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason:
          'Only an email subscription: an undeliverable alarm email cannot be replayed usefully from a queue, ' +
          'and the alarm state and history stay in CloudWatch.',
      });
    }
    const action = new SnsAction(this.topic);

    const anyAbove0 = (alarmId: string, metric: IMetric, description: string) => {
      const alarm = new Alarm(this, alarmId, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data = nothing ran = nothing failed.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      anyAbove0(
        `Errors-${name}`,
        fn.metricErrors({ period: PERIOD, statistic: 'Sum' }),
        `${name} returned errors (see its log group): a report may not have been produced or sent`,
      );
    }
    for (const [name, queue] of Object.entries(props.queues)) {
      anyAbove0(
        `Queue-${name}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        `${name} holds failed events: a report run gave up after its retries (inspect and replay)`,
      );
    }
    for (const [name, { queue, maxAge }] of Object.entries(props.oldestMessage ?? {})) {
      const alarm = new Alarm(this, `OldestMessage-${name}`, {
        metric: queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
        threshold: maxAge.toSeconds(),
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `${name}: a message has waited over ${maxAge.toHumanString()}: an environment's reports are stuck or far behind`,
      });
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    }
    anyAbove0(
      'SchedulerTargetErrors',
      props.scheduleGroup.metricTargetErrors({ period: PERIOD, statistic: 'Sum' }),
      'EventBridge Scheduler could not invoke a report function (TargetErrorCount)',
    );
    anyAbove0(
      'SchedulerDropped',
      props.scheduleGroup.metricDropped({ period: PERIOD, statistic: 'Sum' }),
      'EventBridge Scheduler dropped an invocation after its retries (InvocationDroppedCount)',
    );
  }
}
