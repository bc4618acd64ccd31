package lint

import (
	"fmt"
	"strings"
	"sync"

	"github.com/awssec/awssec/finding"
)

// Escalation is a privilege-escalation method: a set of actions that,
// allowed together, let a principal gain permissions it was not given.
// The list is written from the public catalogues' descriptions (Rhino
// Security Labs' "AWS IAM Privilege Escalation – Methods and Mitigation",
// parts 1 and 2; Bishop Fox's iam-vulnerable; pathfinding.cloud).
type Escalation struct {
	ID   string // "passrole-ec2-run-instances"; the check is "iam-privesc-" + ID
	Name string // one line: what the method does
	// Actions must all be allowed, on "*" or on a resource of their kind.
	Actions []string
	// Category is how the method works: "self-escalation" (edit one's own
	// permissions), "principal-access" (obtain another principal's
	// credentials), "new-passrole" (create a resource running as a passed
	// role), "existing-passrole" (take over a resource already running as
	// a role).
	Category string
	// Gives is what the method yields.
	Gives string
	// Other: the method acts on other principals, so grants on the
	// caller's own user (${aws:username}) do not count.
	Other bool
	// Source names where the method is documented.
	Source string
}

// CheckID returns the id of the method's check.
func (e Escalation) CheckID() string { return "iam-privesc-" + e.ID }

const (
	rhino    = "Rhino Security Labs, AWS IAM privilege escalation methods"
	rhino2   = "Rhino Security Labs, AWS IAM privilege escalation methods, part 2"
	bishop   = "Bishop Fox, iam-vulnerable"
	pathfind = "pathfinding.cloud"
)

var escalations = []Escalation{
	// Self-escalation: editing one's own permissions.
	{ID: "create-policy-version", Name: "Write a new default version of a managed policy", Category: "self-escalation",
		Actions: []string{"iam:CreatePolicyVersion"},
		Gives:   "a new version of a customer managed policy attached to the principal, set as default, can grant anything (administrator access)", Source: rhino + " #1; " + bishop + " privesc1"},
	{ID: "set-default-policy-version", Name: "Switch a managed policy to a more permissive old version", Category: "self-escalation",
		Actions: []string{"iam:SetDefaultPolicyVersion"},
		Gives:   "an older version of a policy attached to the principal, made default again, can restore permissions that were removed", Source: rhino + " #2; " + bishop + " privesc2"},
	{ID: "attach-user-policy", Name: "Attach a managed policy to a user", Category: "self-escalation",
		Actions: []string{"iam:AttachUserPolicy"},
		Gives:   "attaching AdministratorAccess to the principal's own user (or one it can act as) makes it administrator", Source: rhino + " #7; " + bishop + " privesc7"},
	{ID: "attach-group-policy", Name: "Attach a managed policy to a group", Category: "self-escalation",
		Actions: []string{"iam:AttachGroupPolicy"},
		Gives:   "attaching AdministratorAccess to a group the principal belongs to makes it administrator", Source: rhino + " #8; " + bishop + " privesc8"},
	{ID: "attach-role-policy", Name: "Attach a managed policy to a role", Category: "self-escalation",
		Actions: []string{"iam:AttachRolePolicy"},
		Gives:   "attaching AdministratorAccess to the principal's own role, or one it can assume, makes it administrator", Source: rhino + " #9; " + bishop + " privesc9"},
	{ID: "put-user-policy", Name: "Write an inline policy on a user", Category: "self-escalation",
		Actions: []string{"iam:PutUserPolicy"},
		Gives:   "an inline policy on the principal's own user can grant anything", Source: rhino + " #10; " + bishop + " privesc10"},
	{ID: "put-group-policy", Name: "Write an inline policy on a group", Category: "self-escalation",
		Actions: []string{"iam:PutGroupPolicy"},
		Gives:   "an inline policy on a group the principal belongs to can grant anything", Source: rhino + " #11; " + bishop + " privesc11"},
	{ID: "put-role-policy", Name: "Write an inline policy on a role", Category: "self-escalation",
		Actions: []string{"iam:PutRolePolicy"},
		Gives:   "an inline policy on the principal's own role, or one it can assume, can grant anything", Source: rhino + " #12; " + bishop + " privesc12"},
	{ID: "add-user-to-group", Name: "Join a more privileged group", Category: "self-escalation",
		Actions: []string{"iam:AddUserToGroup"},
		Gives:   "adding its own user to an administrators group gives the principal that group's permissions", Source: rhino + " #13; " + bishop + " privesc13"},
	{ID: "update-assume-role-policy", Name: "Rewrite a role's trust policy, then assume it", Category: "self-escalation",
		Actions: []string{"iam:UpdateAssumeRolePolicy", "sts:AssumeRole"},
		Gives:   "trusting itself in a privileged role's trust policy lets the principal assume the role", Source: rhino + " #14; " + bishop + " privesc14"},
	{ID: "delete-user-permissions-boundary", Name: "Remove a user's permissions boundary", Category: "self-escalation",
		Actions: []string{"iam:DeleteUserPermissionsBoundary"},
		Gives:   "removing the boundary of its own user lifts the ceiling on the permissions its policies grant", Source: pathfind},
	{ID: "delete-role-permissions-boundary", Name: "Remove a role's permissions boundary", Category: "self-escalation",
		Actions: []string{"iam:DeleteRolePermissionsBoundary"},
		Gives:   "removing the boundary of its own role lifts the ceiling on the permissions its policies grant", Source: pathfind},
	{ID: "put-user-permissions-boundary", Name: "Replace a user's permissions boundary", Category: "self-escalation",
		Actions: []string{"iam:PutUserPermissionsBoundary"},
		Gives:   "replacing the boundary of its own user with a permissive policy lifts the ceiling on its permissions", Source: pathfind},
	{ID: "put-role-permissions-boundary", Name: "Replace a role's permissions boundary", Category: "self-escalation",
		Actions: []string{"iam:PutRolePermissionsBoundary"},
		Gives:   "replacing the boundary of its own role with a permissive policy lifts the ceiling on its permissions", Source: pathfind},

	// Principal access: another principal's credentials.
	{ID: "create-access-key", Name: "Create an access key for another user", Category: "principal-access", Other: true,
		Actions: []string{"iam:CreateAccessKey"},
		Gives:   "an access key for a more privileged user lets the principal act as that user", Source: rhino + " #4; " + bishop + " privesc4"},
	{ID: "create-login-profile", Name: "Set a console password for another user", Category: "principal-access", Other: true,
		Actions: []string{"iam:CreateLoginProfile"},
		Gives:   "a console password for a more privileged user without one lets the principal sign in as that user", Source: rhino + " #5; " + bishop + " privesc5"},
	{ID: "update-login-profile", Name: "Change another user's console password", Category: "principal-access", Other: true,
		Actions: []string{"iam:UpdateLoginProfile"},
		Gives:   "changing a more privileged user's console password lets the principal sign in as that user", Source: rhino + " #6; " + bishop + " privesc6"},
	{ID: "assume-any-role", Name: "Assume any role that trusts the account", Category: "principal-access",
		Actions: []string{"sts:AssumeRole"},
		Gives:   "every role whose trust policy trusts the account (arn:aws:iam::<account>:root) can be assumed, whatever its permissions", Source: pathfind + " sts-001"},
	{ID: "attach-user-policy-create-access-key", Name: "Make another user administrator, then create a key for it", Category: "principal-access", Other: true,
		Actions: []string{"iam:AttachUserPolicy", "iam:CreateAccessKey"},
		Gives:   "attaching AdministratorAccess to another user and creating an access key for it yields administrator credentials", Source: pathfind + " iam-015"},

	// New PassRole: create compute that runs as a passed role.
	{ID: "passrole-ec2-run-instances", Name: "Launch an EC2 instance with a privileged instance profile", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ec2:RunInstances"},
		Gives:   "an instance launched with a privileged role, with user data or a key the principal controls, hands it the role's credentials", Source: rhino + " #3; " + bishop + " privesc3; " + pathfind + " ec2-001"},
	{ID: "passrole-ec2-spot-instances", Name: "Request a spot instance with a privileged instance profile", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ec2:RequestSpotInstances"},
		Gives:   "a spot instance launched with a privileged role runs the principal's user data with the role's credentials", Source: pathfind + " ec2-004"},
	{ID: "passrole-ec2-associate-instance-profile", Name: "Attach a privileged instance profile to a running instance", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ec2:AssociateIamInstanceProfile"},
		Gives:   "associating a privileged role with an instance the principal controls hands it the role's credentials", Source: pathfind},
	{ID: "passrole-ec2-replace-instance-profile", Name: "Swap a running instance's profile for a privileged one", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ec2:ReplaceIamInstanceProfileAssociation"},
		Gives:   "replacing the role of an instance the principal controls with a privileged one hands it the role's credentials", Source: pathfind},
	{ID: "passrole-launch-template-autoscaling", Name: "Launch instances with a privileged profile through a launch template", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ec2:CreateLaunchTemplate", "autoscaling:CreateAutoScalingGroup"},
		Gives:   "an Auto Scaling group launching from a template with a privileged role runs the principal's user data as that role", Source: pathfind},
	{ID: "passrole-autoscaling-launch-configuration", Name: "Launch instances with a privileged profile through a launch configuration", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"},
		Gives:   "an Auto Scaling group with a launch configuration naming a privileged role runs the principal's user data as that role", Source: pathfind},
	{ID: "passrole-lambda-invoke", Name: "Create a Lambda function with a privileged role and invoke it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"},
		Gives:   "the principal's code runs with the passed role's permissions", Source: rhino + " #15; " + bishop + " privesc15"},
	{ID: "passrole-lambda-event-source", Name: "Create a Lambda function with a privileged role and trigger it from an event source", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"},
		Gives:   "the principal's code, triggered by a DynamoDB stream or queue, runs with the passed role's permissions", Source: rhino + " #16; " + bishop + " privesc16"},
	{ID: "passrole-lambda-add-permission", Name: "Create a Lambda function with a privileged role and let itself invoke it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "lambda:CreateFunction", "lambda:AddPermission"},
		Gives:   "a resource policy on the new function lets the principal (or anyone) invoke code running with the passed role's permissions", Source: pathfind},
	{ID: "passrole-glue-dev-endpoint", Name: "Create a Glue development endpoint with a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "glue:CreateDevEndpoint"},
		Gives:   "SSH into the endpoint yields the passed role's credentials", Source: rhino + " #18; " + bishop + " privesc18"},
	{ID: "passrole-glue-job-run", Name: "Create and run a Glue job with a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "glue:CreateJob", "glue:StartJobRun"},
		Gives:   "the job's script, written by the principal, runs with the passed role's permissions", Source: pathfind},
	{ID: "passrole-glue-job-trigger", Name: "Create a Glue job with a privileged role and a trigger for it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"},
		Gives:   "the triggered job's script runs with the passed role's permissions", Source: pathfind},
	{ID: "passrole-glue-update-job", Name: "Give an existing Glue job a privileged role and run it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"},
		Gives:   "the updated job's script runs with the passed role's permissions", Source: pathfind},
	{ID: "passrole-glue-interactive-session", Name: "Open a Glue interactive session with a privileged role and run code in it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "glue:CreateSession", "glue:RunStatement"},
		Gives:   "the principal's statements run with the passed role's credentials", Source: pathfind},
	{ID: "passrole-cloudformation-create-stack", Name: "Create a CloudFormation stack with a privileged service role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "cloudformation:CreateStack"},
		Gives:   "CloudFormation creates whatever the principal's template says (an administrator user, a role it can assume) with the passed role's permissions", Source: rhino + " #20; " + bishop + " privesc20; " + pathfind + " cloudformation-001"},
	{ID: "passrole-cloudformation-stackset", Name: "Create a CloudFormation stack set with a privileged execution role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "cloudformation:CreateStackSet", "cloudformation:CreateStackInstances"},
		Gives:   "the stack set's template is deployed with the passed role's permissions", Source: pathfind + " cloudformation-003"},
	{ID: "passrole-cloudformation-update-stackset", Name: "Update a CloudFormation stack set to run with a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "cloudformation:UpdateStackSet"},
		Gives:   "the updated template is deployed with the passed role's permissions", Source: pathfind + " cloudformation-004"},
	{ID: "passrole-datapipeline", Name: "Create a Data Pipeline that runs commands as a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition", "datapipeline:ActivatePipeline"},
		Gives:   "the pipeline's shell commands run on an instance with the passed role's permissions", Source: rhino + " #21; " + bishop + " privesc21"},
	{ID: "passrole-codebuild-project", Name: "Create a CodeBuild project with a privileged role and build it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuild"},
		Gives:   "the principal's buildspec runs with the passed role's permissions", Source: bishop + "; " + pathfind + " codebuild-001"},
	{ID: "passrole-codebuild-batch", Name: "Create a CodeBuild project with a privileged role and run a batch build", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "codebuild:CreateProject", "codebuild:StartBuildBatch"},
		Gives:   "the principal's buildspec runs with the passed role's permissions", Source: pathfind + " codebuild-004"},
	{ID: "passrole-sagemaker-notebook", Name: "Create a SageMaker notebook with a privileged role and open it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"},
		Gives:   "the notebook's Jupyter terminal runs with the passed role's credentials", Source: rhino2 + "; " + bishop},
	{ID: "passrole-sagemaker-training-job", Name: "Run a SageMaker training job with a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "sagemaker:CreateTrainingJob"},
		Gives:   "the principal's container runs with the passed role's permissions", Source: bishop},
	{ID: "passrole-sagemaker-processing-job", Name: "Run a SageMaker processing job with a privileged role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "sagemaker:CreateProcessingJob"},
		Gives:   "the principal's container runs with the passed role's permissions", Source: bishop},
	{ID: "passrole-ecs-run-task", Name: "Register an ECS task definition with a privileged role and run it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"},
		Gives:   "the principal's container runs with the passed task role's permissions", Source: pathfind + " ecs-004"},
	{ID: "passrole-ecs-start-task", Name: "Register an ECS task definition with a privileged role and start it on an instance", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:StartTask"},
		Gives:   "the principal's container runs with the passed task role's permissions", Source: pathfind + " ecs-005"},
	{ID: "passrole-ecs-create-service", Name: "Register an ECS task definition with a privileged role and run it as a service", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:CreateService"},
		Gives:   "the principal's container runs with the passed task role's permissions", Source: pathfind + " ecs-003"},
	{ID: "passrole-apprunner-service", Name: "Create an App Runner service with a privileged instance role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "apprunner:CreateService"},
		Gives:   "the principal's container image or start command runs with the passed role's permissions", Source: pathfind + " apprunner-001"},
	{ID: "passrole-batch-job", Name: "Register an AWS Batch job definition with a privileged role and submit it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "batch:RegisterJobDefinition", "batch:SubmitJob"},
		Gives:   "the principal's container runs with the passed job role's permissions", Source: pathfind + " batch-001"},
	{ID: "passrole-step-functions", Name: "Create a Step Functions state machine with a privileged role and run it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "states:CreateStateMachine", "states:StartExecution"},
		Gives:   "the state machine calls any AWS API with the passed role's permissions", Source: pathfind},
	{ID: "passrole-bedrock-code-interpreter", Name: "Create a Bedrock AgentCore code interpreter with a privileged role and run code in it", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "bedrock-agentcore:CreateCodeInterpreter", "bedrock-agentcore:StartCodeInterpreterSession", "bedrock-agentcore:InvokeCodeInterpreter"},
		Gives:   "the principal's code runs with the passed role's credentials", Source: pathfind + " bedrock-001"},
	{ID: "passrole-emr-cluster", Name: "Create an EMR cluster with a privileged instance profile", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "elasticmapreduce:RunJobFlow"},
		Gives:   "the cluster's bootstrap actions and steps, written by the principal, run with the passed role's credentials", Source: pathfind},
	{ID: "passrole-cognito-identity-pool", Name: "Set a privileged role as an identity pool's role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "cognito-identity:SetIdentityPoolRoles"},
		Gives:   "credentials for the pool's (possibly unauthenticated) identities carry the passed role's permissions", Source: pathfind + " cognito-identity-001"},
	{ID: "passrole-codestar-project", Name: "Create a CodeStar project with a privileged service role", Category: "new-passrole",
		Actions: []string{"iam:PassRole", "codestar:CreateProject"},
		Gives:   "the project's CloudFormation template is deployed with the passed role's permissions", Source: rhino2},

	// Existing PassRole: take over a resource that already runs as a role.
	{ID: "lambda-update-function-code", Name: "Replace the code of an existing Lambda function", Category: "existing-passrole",
		Actions: []string{"lambda:UpdateFunctionCode"},
		Gives:   "the principal's code runs, on the function's next invocation, with the function's role's permissions", Source: rhino + " #17; " + bishop + " privesc17"},
	{ID: "lambda-update-function-configuration", Name: "Add a layer or change the handler of an existing Lambda function", Category: "existing-passrole",
		Actions: []string{"lambda:UpdateFunctionConfiguration"},
		Gives:   "a layer or handler the principal controls runs with the function's role's permissions", Source: pathfind},
	{ID: "glue-update-dev-endpoint", Name: "Add an SSH key to an existing Glue development endpoint", Category: "existing-passrole",
		Actions: []string{"glue:UpdateDevEndpoint"},
		Gives:   "SSH into the endpoint yields its role's credentials", Source: rhino + " #19; " + bishop + " privesc19"},
	{ID: "codebuild-start-build", Name: "Start a build of an existing CodeBuild project with an overridden buildspec", Category: "existing-passrole",
		Actions: []string{"codebuild:StartBuild"},
		Gives:   "a buildspec override runs the principal's commands with the project's role's permissions", Source: pathfind + " codebuild-002"},
	{ID: "codebuild-start-build-batch", Name: "Start a batch build of an existing CodeBuild project with an overridden buildspec", Category: "existing-passrole",
		Actions: []string{"codebuild:StartBuildBatch"},
		Gives:   "a buildspec override runs the principal's commands with the project's role's permissions", Source: pathfind + " codebuild-003"},
	{ID: "cloudformation-update-stack", Name: "Update an existing stack that has a privileged service role", Category: "existing-passrole",
		Actions: []string{"cloudformation:UpdateStack"},
		Gives:   "CloudFormation applies the principal's template with the stack's role's permissions", Source: bishop + "; " + pathfind + " cloudformation-002"},
	{ID: "cloudformation-change-set", Name: "Create and execute a change set on an existing stack with a privileged role", Category: "existing-passrole",
		Actions: []string{"cloudformation:CreateChangeSet", "cloudformation:ExecuteChangeSet"},
		Gives:   "CloudFormation applies the principal's change with the stack's role's permissions", Source: pathfind + " cloudformation-005"},
	{ID: "sagemaker-presigned-notebook-url", Name: "Open an existing SageMaker notebook", Category: "existing-passrole",
		Actions: []string{"sagemaker:CreatePresignedNotebookInstanceUrl"},
		Gives:   "the notebook's terminal yields its role's credentials", Source: rhino2 + "; " + bishop},
	{ID: "sagemaker-notebook-lifecycle", Name: "Attach a lifecycle script to an existing SageMaker notebook and restart it", Category: "existing-passrole",
		Actions: []string{"sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:StopNotebookInstance", "sagemaker:UpdateNotebookInstance", "sagemaker:StartNotebookInstance"},
		Gives:   "the lifecycle script runs with the notebook's role's credentials", Source: pathfind},
	{ID: "ssm-send-command", Name: "Run commands on instances through SSM", Category: "existing-passrole",
		Actions: []string{"ssm:SendCommand"},
		Gives:   "commands run on a managed instance can read its instance profile's credentials", Source: bishop},
	{ID: "ssm-start-session", Name: "Open a shell on instances through Session Manager", Category: "existing-passrole",
		Actions: []string{"ssm:StartSession"},
		Gives:   "a shell on a managed instance can read its instance profile's credentials", Source: bishop},
	{ID: "ec2-instance-connect", Name: "Push an SSH key to an instance with EC2 Instance Connect", Category: "existing-passrole",
		Actions: []string{"ec2-instance-connect:SendSSHPublicKey"},
		Gives:   "SSH access to an instance can read its instance profile's credentials", Source: bishop + "; " + pathfind + " ec2-003"},
	{ID: "ec2-serial-console", Name: "Push an SSH key for an instance's serial console", Category: "existing-passrole",
		Actions: []string{"ec2-instance-connect:SendSerialConsoleSSHPublicKey"},
		Gives:   "console access to an instance can read its instance profile's credentials", Source: pathfind},
	{ID: "ec2-modify-user-data", Name: "Replace an instance's user data and restart it", Category: "existing-passrole",
		Actions: []string{"ec2:ModifyInstanceAttribute", "ec2:StopInstances", "ec2:StartInstances"},
		Gives:   "the new user data runs at boot with the instance profile's credentials", Source: pathfind + " ec2-002"},
	{ID: "ec2-launch-template-version", Name: "Add a launch template version that Auto Scaling will use", Category: "existing-passrole",
		Actions: []string{"ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate"},
		Gives:   "instances an Auto Scaling group launches from the template run the principal's user data with the template's role", Source: pathfind + " ec2-005"},
	{ID: "ecs-execute-command", Name: "Open a shell in a running ECS task", Category: "existing-passrole",
		Actions: []string{"ecs:ExecuteCommand", "ecs:DescribeTasks"},
		Gives:   "a shell in the task's container can read its task role's credentials", Source: pathfind + " ecs-006"},
	{ID: "apprunner-update-service", Name: "Change the image or command of an existing App Runner service", Category: "existing-passrole",
		Actions: []string{"apprunner:UpdateService"},
		Gives:   "the principal's code runs with the service's instance role", Source: pathfind + " apprunner-002"},
	{ID: "batch-submit-job", Name: "Submit an AWS Batch job with overrides to an existing privileged job definition", Category: "existing-passrole",
		Actions: []string{"batch:SubmitJob"},
		Gives:   "a command override runs the principal's commands with the job definition's role", Source: pathfind + " batch-002"},
	{ID: "codestar-associate-team-member", Name: "Make oneself owner of a CodeStar project", Category: "existing-passrole",
		Actions: []string{"codestar:AssociateTeamMember"},
		Gives:   "the project owner's managed policy gives the principal the project's IAM permissions", Source: rhino2},
}

// Escalations lists the privilege-escalation methods the linter checks.
func Escalations() []Escalation {
	out := make([]Escalation, len(escalations))
	copy(out, escalations)
	return out
}

// escalationChecks turns the methods into checks.
func escalationChecks() []*Check {
	out := make([]*Check, 0, len(escalations))
	for i := range escalations {
		e := &escalations[i]
		out = append(out, &Check{
			ID: e.CheckID(), Class: SecurityWarning, Severity: finding.Critical,
			Title: "Privilege escalation: " + strings.ToLower(e.Name[:1]) + e.Name[1:],
			Explanation: fmt.Sprintf("A %s method (%s): with %s allowed, %s.",
				e.Category, e.Source, strings.Join(e.Actions, " + "), e.Gives),
			Kinds: identityKinds,
			run:   func(l *linter, c *Check) { l.runEscalation(c, e) },
		})
	}
	return out
}

// runEscalation reports e when every action it needs is allowed: critical
// when each is allowed unconditionally on every resource, high when some
// are scoped to named resources (the method reaches only those), lower
// when a grant is conditional.
func (l *linter) runEscalation(c *Check, e *Escalation) {
	var parts []string
	var first grant
	conditional, scoped := false, false
	for i, action := range e.Actions {
		a := l.allows(action)
		g, ok := a.best(e.Other)
		if !ok {
			return
		}
		if i == 0 {
			first = g
		}
		conditional = conditional || a.conditional(g)
		scoped = scoped || !g.broad
		parts = append(parts, fmt.Sprintf("%s (line %d)", action, g.pos.Line))
	}
	sev := c.Severity
	var how string
	if scoped {
		sev = lower(sev)
		how = " on the resources named"
	}
	msg := fmt.Sprintf("%s %s allowed%s: %s", strings.Join(parts, " and "), isAre(len(parts)), how, e.Gives)
	if conditional {
		sev = lower(sev)
		msg += "; a grant is conditional, so only when its conditions hold"
	}
	l.addSev(c, sev, first.stmt, first.pos, msg, fmt.Sprintf("remove %s, or scope it to resources that cannot lead to more privileges", strings.Join(e.Actions, " or ")))
}

// sensitiveActions are the actions of the escalation methods and the
// credential rules, lower-cased.
var sensitiveActions = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, e := range escalations {
		for _, a := range e.Actions {
			m[strings.ToLower(a)] = true
		}
	}
	for _, r := range riskRules {
		if r.category == catCredentials {
			for _, a := range r.actions {
				m[strings.ToLower(a)] = true
			}
		}
	}
	return m
})
