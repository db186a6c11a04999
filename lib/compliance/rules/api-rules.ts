import type { TemplateRule } from '../template/rule';
import { ApiGatewayDomainTls } from './apigateway/domain-tls';
import { ApiGatewayMethodAuthorization } from './apigateway/method-authorization';
import { ApiGatewayStageLogging } from './apigateway/stage-logging';

/** The api template evidence rules, in report order: method authorizers, stage logging, domain TLS. */
export const API_RULES: readonly TemplateRule[] = [
  ApiGatewayMethodAuthorization,
  ApiGatewayStageLogging,
  ApiGatewayDomainTls,
];
