/**
 * The AWS managed rule groups every {@link PhiWebAcl} runs, and the rules in each (the names
 * `countOnlyRules` may name). Data, not code: the web ACL, its validation and the template evidence rules
 * read this one table.
 *
 * Rule names are those of the groups' current versions; AWS adds rules to new versions, so a name missing
 * here is added here (the web ACL always runs the group's default version).
 *
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 */

/** One AWS managed rule group. */
export interface ManagedRuleGroup {
  /** The group name, e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /** The web ACL rule that runs it (also its metric name suffix). */
  readonly ruleName: string;
  /** The web ACL rule priority (lower runs first). */
  readonly priority: number;
  /** What the group stops, for documentation. */
  readonly purpose: string;
  /** The rules in the group. */
  readonly rules: readonly string[];
}

/** The vendor of every group below. */
export const MANAGED_RULE_VENDOR = 'AWS';

/** The managed groups, in evaluation order. The IP lists run first: they are cheap and end the evaluation. */
export const MANAGED_RULE_GROUPS: readonly ManagedRuleGroup[] = [
  {
    name: 'AWSManagedRulesAmazonIpReputationList',
    ruleName: 'AmazonIpReputationList',
    priority: 10,
    purpose: 'sources Amazon threat intelligence lists as bots, reconnaissance or DDoS participants',
    rules: ['AWSManagedIPReputationList', 'AWSManagedReconnaissanceList', 'AWSManagedIPDDoSList'],
  },
  {
    name: 'AWSManagedRulesAnonymousIpList',
    ruleName: 'AnonymousIpList',
    priority: 20,
    purpose: 'anonymizing proxies, Tor nodes and hosting providers that hide the client',
    rules: ['AnonymousIPList', 'HostingProviderIPList'],
  },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    ruleName: 'CommonRuleSet',
    priority: 40,
    purpose: 'the OWASP Top 10 classes: XSS, LFI/RFI, SSRF to instance metadata, oversized requests',
    rules: [
      'NoUserAgent_HEADER',
      'UserAgent_BadBots_HEADER',
      'SizeRestrictions_QUERYSTRING',
      'SizeRestrictions_Cookie_HEADER',
      'SizeRestrictions_BODY',
      'SizeRestrictions_URIPATH',
      'EC2MetaDataSSRF_BODY',
      'EC2MetaDataSSRF_COOKIE',
      'EC2MetaDataSSRF_URIPATH',
      'EC2MetaDataSSRF_QUERYARGUMENTS',
      'GenericLFI_QUERYARGUMENTS',
      'GenericLFI_URIPATH',
      'GenericLFI_BODY',
      'RestrictedExtensions_URIPATH',
      'RestrictedExtensions_QUERYARGUMENTS',
      'GenericRFI_QUERYARGUMENTS',
      'GenericRFI_BODY',
      'GenericRFI_URIPATH',
      'CrossSiteScripting_COOKIE',
      'CrossSiteScripting_QUERYARGUMENTS',
      'CrossSiteScripting_BODY',
      'CrossSiteScripting_URIPATH',
    ],
  },
  {
    name: 'AWSManagedRulesKnownBadInputsRuleSet',
    ruleName: 'KnownBadInputsRuleSet',
    priority: 50,
    purpose: 'request patterns of known exploits: Log4j, Java deserialization, exploitable paths',
    rules: [
      'JavaDeserializationRCE_HEADER',
      'JavaDeserializationRCE_BODY',
      'JavaDeserializationRCE_URIPATH',
      'JavaDeserializationRCE_QUERYSTRING',
      'Host_localhost_HEADER',
      'PROPFIND_METHOD',
      'ExploitablePaths_URIPATH',
      'Log4JRCE_HEADER',
      'Log4JRCE_QUERYSTRING',
      'Log4JRCE_BODY',
      'Log4JRCE_URIPATH',
      'ReactJSRCE_BODY',
    ],
  },
  {
    name: 'AWSManagedRulesSQLiRuleSet',
    ruleName: 'SQLiRuleSet',
    priority: 60,
    purpose: 'SQL injection in query arguments, body, cookies and path',
    rules: [
      'SQLi_QUERYARGUMENTS',
      'SQLiExtendedPatterns_QUERYARGUMENTS',
      'SQLi_BODY',
      'SQLiExtendedPatterns_BODY',
      'SQLi_COOKIE',
      'SQLi_URIPATH',
    ],
  },
];

/** Names of the managed groups a protective web ACL must run. */
export const REQUIRED_MANAGED_GROUP_NAMES: readonly string[] = MANAGED_RULE_GROUPS.map((g) => g.name);

/** The web ACL rule name and priority of the per-client-IP rate limit. */
export const RATE_LIMIT_RULE = { name: 'RateLimitPerClientIp', priority: 30 } as const;

/** Headers every WAF log redacts: credentials and session tokens must not sit in request logs. */
export const REDACTED_HEADERS: readonly string[] = ['authorization', 'cookie'];

/** The prefix AWS WAF requires of a logging destination's name. */
export const WAF_LOG_NAME_PREFIX = 'aws-waf-logs-';

/** The managed group a rule belongs to, or undefined for a name no group has. */
export function managedGroupOfRule(ruleName: string): ManagedRuleGroup | undefined {
  return MANAGED_RULE_GROUPS.find((g) => g.rules.includes(ruleName));
}
