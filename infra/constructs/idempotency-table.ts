/**
 * DynamoDB table for Powertools Idempotency: one record per (report, period) send, so a retried or
 * duplicated scheduled invocation never emails twice. Layout is the one Powertools expects:
 * partition key `id` (string) and TTL attribute `expiration`.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export class IdempotencyTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      // A handful of writes per report run: on-demand pricing costs cents, provisioned would not.
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // DESTROY: records are short-lived locks/results (TTL); losing them when the stack is deleted is
      // harmless, and a retained orphan table would only confuse a redeploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
