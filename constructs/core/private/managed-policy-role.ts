import * as iam from 'aws-cdk-lib/aws-iam';

/** Construct id of the customer-managed policy that collects a {@link ManagedPolicyRole}'s grants. */
const GRANTS_POLICY_ID = 'GrantsPolicy';

/**
 * A role whose grants (`bucket.grantRead(role)`, `queue.grantSendMessages(fn)`, …) land in one
 * customer-managed policy instead of an inline default policy, so the role never carries an inline
 * policy (HIPAA.Security-IAMNoInlinePolicy) and grants keep working through the standard CDK APIs.
 *
 * The policy is created with the first grant; an unused role has none.
 */
export class ManagedPolicyRole extends iam.Role {
  /** The customer-managed policy holding every grant, once there is one. */
  public get grantsPolicy(): iam.ManagedPolicy | undefined {
    return this.node.tryFindChild(GRANTS_POLICY_ID) as iam.ManagedPolicy | undefined;
  }

  /** Adds `statement` to the role's customer-managed grants policy. */
  public override addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    // Looked up by id rather than kept in a field: Role's constructor may call this before subclass
    // fields are initialized.
    const policy = this.grantsPolicy ?? new iam.ManagedPolicy(this, GRANTS_POLICY_ID, { roles: [this] });
    policy.addStatements(statement);
    return { statementAdded: true, policyDependable: policy };
  }
}
