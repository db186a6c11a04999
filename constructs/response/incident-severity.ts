/** How bad an incident is; an {@link IncidentResponse} has one SNS topic each. */
export type IncidentSeverity = 'critical' | 'high' | 'medium';

/** Every severity, most severe first. */
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = ['critical', 'high', 'medium'];

/**
 * Tag key on each incident topic naming its severity (`critical`, `high` or `medium`); the `drill` CLI
 * finds the topic by it. Kept free of CDK imports so the CLI can read it cheaply.
 */
export const INCIDENT_SEVERITY_TAG = 'hipaa-baseline:incident-severity';
