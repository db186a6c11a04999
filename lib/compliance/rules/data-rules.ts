import type { TemplateRule } from '../template/rule';
import { LogGroupRetention } from './logs/log-group-retention';
import { S3BucketVersioning } from './s3/bucket-versioning';

/** The data-store template evidence rules, in report order. */
export const DATA_RULES: readonly TemplateRule[] = [S3BucketVersioning, LogGroupRetention];
