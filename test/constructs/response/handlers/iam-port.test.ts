/**
 * `@aws-sdk/client-iam` is not a dependency (the Lambda runtime provides it), so the adapter is tested
 * against a virtual module whose commands keep their input and whose client records what it is sent.
 */
const sent: { command: string; input: Record<string, unknown> }[] = [];

jest.mock(
  '@aws-sdk/client-iam',
  () => {
    const command = (name: string) =>
      class {
        public readonly name = name;
        constructor(public readonly input: Record<string, unknown>) {}
      };
    return {
      IAMClient: class {
        async send(cmd: { name: string; input: Record<string, unknown> }) {
          sent.push({ command: cmd.name, input: cmd.input });
          return cmd.name === 'ListAccessKeys'
            ? { AccessKeyMetadata: [{ AccessKeyId: 'AKIA1', Status: 'Active' }, { Status: 'Inactive' }] }
            : {};
        }
      },
      ListAccessKeysCommand: command('ListAccessKeys'),
      UpdateAccessKeyCommand: command('UpdateAccessKey'),
    };
  },
  { virtual: true },
);

import { sdkIamPort } from '../../../../constructs/response/handlers/iam-port';

describe('sdkIamPort', () => {
  test('lists keys and deactivates one with UpdateAccessKey Status Inactive', async () => {
    const port = sdkIamPort();
    await expect(port.listAccessKeys('alice')).resolves.toEqual([{ accessKeyId: 'AKIA1', status: 'Active' }]);
    await port.deactivateAccessKey('alice', 'AKIA1');
    expect(sent).toEqual([
      { command: 'ListAccessKeys', input: { UserName: 'alice' } },
      { command: 'UpdateAccessKey', input: { UserName: 'alice', AccessKeyId: 'AKIA1', Status: 'Inactive' } },
    ]);
  });
});
