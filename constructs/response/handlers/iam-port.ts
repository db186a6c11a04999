/**
 * The IAM calls access-key deactivation makes, behind a narrow interface. In Lambda the adapter uses the
 * AWS SDK for JavaScript v3 that the Node.js 22 runtime provides (`@aws-sdk/client-iam` is not a
 * dependency of this package, so it is loaded at run time and kept out of the bundle).
 */

/** One access key of a user. */
export interface AccessKeyFacts {
  readonly accessKeyId: string;
  readonly status: string;
}

/** The IAM operations of access-key deactivation. */
export interface IamPort {
  /** ListAccessKeys for a user. */
  listAccessKeys(userName: string): Promise<readonly AccessKeyFacts[]>;
  /** UpdateAccessKey to `Inactive`. */
  deactivateAccessKey(userName: string, accessKeyId: string): Promise<void>;
}

interface IamCommand {
  readonly input: unknown;
}
type CommandClass = new (input: unknown) => IamCommand;
interface IamModule {
  IAMClient: new (config: object) => { send(command: IamCommand): Promise<Record<string, unknown>> };
  ListAccessKeysCommand: CommandClass;
  UpdateAccessKeyCommand: CommandClass;
}

/** The IAM port backed by the AWS SDK v3 that the Lambda runtime provides. */
export function sdkIamPort(): IamPort {
  // Loaded at run time from the Lambda runtime's SDK; see the file comment.
  const sdk = require('@aws-sdk/client-iam') as IamModule;
  const client = new sdk.IAMClient({});
  return {
    async listAccessKeys(userName) {
      const output = (await client.send(new sdk.ListAccessKeysCommand({ UserName: userName }))) as {
        AccessKeyMetadata?: { AccessKeyId?: string; Status?: string }[];
      };
      return (output.AccessKeyMetadata ?? []).flatMap((k) =>
        k.AccessKeyId ? [{ accessKeyId: k.AccessKeyId, status: k.Status ?? 'Unknown' }] : [],
      );
    },
    async deactivateAccessKey(userName, accessKeyId) {
      await client.send(
        new sdk.UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }),
      );
    },
  };
}
