/**
 * One Secrets Manager secret per Mux environment, holding `{ "tokenId", "tokenSecret" }`.
 *
 * The secret is created EMPTY: no `SecretString`, no `GenerateSecretString` (the L2 `Secret` always
 * adds a generator, so the property is deleted; CloudFormation creates an empty secret when both are
 * omitted). The value is set out of band with `aws secretsmanager put-secret-value` (docs/deploy.md),
 * never appears in the template, and later deploys never overwrite it.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { type EnvironmentConfig, secretNameFor } from '../../functions/commons/config/schema.js';

/**
 * An empty secret whose value is set by hand: no generator, retained (the value was created outside AWS: deleting
 * the stack must not lose it), and the cdk-nag rotation finding acknowledged with `rotation` as the reason.
 */
export function emptySecret(
  scope: Construct,
  id: string,
  props: { secretName: string; description: string; rotation: string },
): Secret {
  const secret = new Secret(scope, id, {
    secretName: props.secretName,
    description: props.description,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
  Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: props.rotation });
  return secret;
}

export class MuxSecrets extends Construct {
  /** Keyed by environment name. */
  readonly byEnvironment = new Map<string, Secret>();

  constructor(scope: Construct, id: string, environments: readonly EnvironmentConfig[]) {
    super(scope, id);
    for (const env of environments) {
      const secret = emptySecret(this, `Secret-${env.name}`, {
        secretName: secretNameFor(env),
        description: `Mux Data API access token for environment "${env.name}" (JSON: token id + secret); set with put-secret-value`,
        rotation:
          'Mux access tokens are created in the Mux dashboard and cannot be rotated by a Lambda rotation function; ' +
          'rotation is a manual put-secret-value (docs/deploy.md).',
      });
      this.byEnvironment.set(env.name, secret);
    }
  }
}
