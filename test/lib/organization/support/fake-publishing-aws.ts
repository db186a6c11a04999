// A loopback HTTP server that speaks just enough of STS (query protocol), SSM (JSON 1.1), CloudFormation
// (query protocol) and S3 (REST-XML, path-style) for `cdk publish-assets`: caller identity, role
// assumption, the bootstrap version parameter, bucket location/encryption, object listing and uploads.
// Uploaded objects are kept in memory with the Region their request was signed for. Nothing calls AWS.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An object the CLI uploaded. */
export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  /** The Region in the request's SigV4 credential scope. */
  readonly signedRegion?: string;
}

/** A running fake. */
export interface FakePublishingAws {
  readonly url: string;
  readonly uploads: UploadedObject[];
  /** Role ARNs the CLI assumed, in order. */
  readonly assumedRoles: string[];
  close(): Promise<void>;
}

const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Starts the fake for `account`; every bucket name must end with its Region. */
export async function startFakePublishingAws(account: string): Promise<FakePublishingAws> {
  const uploads: UploadedObject[] = [];
  const assumedRoles: string[] = [];
  const xml = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://loopback');
      const [, bucket = '', ...keyParts] = url.pathname.split('/');
      const form = new URLSearchParams(body.toString('utf8'));
      const action = req.method === 'POST' && url.pathname === '/' ? form.get('Action') : null;
      if (action === 'GetCallerIdentity') {
        return xml(
          res,
          200,
          `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/ci</Arn><UserId>AIDACI</UserId><Account>${account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
        );
      }
      if (action === 'AssumeRole') {
        assumedRoles.push(form.get('RoleArn') ?? '');
        return xml(
          res,
          200,
          `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIALOOPBACK</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/publisher/cli</Arn><AssumedRoleId>AROA:cli</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`,
        );
      }
      if (action === 'DescribeStacks') {
        return xml(
          res,
          400,
          '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack with id CDKToolkit does not exist</Message></Error></ErrorResponse>',
        );
      }
      if (req.headers['x-amz-target'] === 'AmazonSSM.GetParameter') {
        const { Name } = JSON.parse(body.toString('utf8')) as { Name: string };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        return res.end(JSON.stringify({ Parameter: { Name, Type: 'String', Value: '30', Version: 1 } }));
      }
      const region = /[a-z]{2}(-gov)?-[a-z]+-\d$/.exec(bucket)?.[0] ?? 'us-east-1';
      if (req.method === 'GET' && url.searchParams.has('location')) {
        return xml(res, 200, `<LocationConstraint xmlns="${S3_NS}">${region}</LocationConstraint>`);
      }
      if (req.method === 'GET' && url.searchParams.has('encryption')) {
        return xml(
          res,
          200,
          `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`,
        );
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        return xml(
          res,
          200,
          `<ListBucketResult xmlns="${S3_NS}"><Name>${bucket}</Name><KeyCount>0</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>`,
        );
      }
      if (req.method === 'PUT' && keyParts.length > 0) {
        const signedRegion = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1];
        uploads.push({ bucket, key: decodeURIComponent(keyParts.join('/')), body, signedRegion });
        res.writeHead(200, { etag: '"loopback"' });
        return res.end();
      }
      xml(res, 501, `<Error><Code>NotImplemented</Code><Message>${req.method} ${req.url}</Message></Error>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    uploads,
    assumedRoles,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
