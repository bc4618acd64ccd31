package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func ssmChecks() []*Check {
	return []*Check{ssmInstanceManaged, ssmPatchCompliance}
}

// patchScanMaxAge is how old the last patch scan may be before the patch
// state is considered stale.
const patchScanMaxAge = 30

var ssmInstanceManaged = &Check{
	ID:           "ssm-instance-managed",
	Service:      "ssm",
	Title:        "Running EC2 instances are managed by Systems Manager and online",
	Severity:     finding.Medium,
	ResourceType: "AWS::EC2::Instance",
	Needs:        []string{"AWS::SSM::ManagedInstance"},
	Rationale: "Automated patching (Patch Manager and maintenance windows), inventory, Run Command for incident response " +
		"and Session Manager (shell access without SSH keys or open port 22) all need the SSM Agent running, an instance " +
		"profile with AmazonSSMManagedInstanceCore, and a route to the SSM endpoints. An instance that Systems Manager does " +
		"not see — or has lost contact with — is not patched, is not in the software inventory that vulnerability " +
		"response relies on, and usually still needs SSH open to be administered. These are the servers that stay " +
		"vulnerable for years.",
	Verify: "aws ssm describe-instance-information --query 'InstanceInformationList[].[InstanceId,PingStatus,AgentVersion,LastPingDateTime]' " +
		"and compare with aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query 'Reservations[].Instances[].InstanceId'.",
	Remediation: Remediation{
		Summary: "Give the instance a profile with AmazonSSMManagedInstanceCore, make sure the SSM Agent runs and can reach SSM (NAT or VPC endpoints), or enable Default Host Management Configuration.",
		Console: "Systems Manager > Quick Setup > Default Host Management Configuration (manages every instance in the region without a per-instance role), " +
			"or EC2 > Instances > select > Actions > Security > Modify IAM role > a role with AmazonSSMManagedInstanceCore. " +
			"For private subnets without NAT, create VPC interface endpoints for ssm, ssmmessages and ec2messages.",
		CLI: "aws ec2 associate-iam-instance-profile --instance-id i-0123456789abcdef0 --iam-instance-profile Name=SSMManagedInstance\n" +
			"aws ssm update-service-setting --setting-id arn:aws:ssm:us-east-1:444455556666:servicesetting/ssm/managed-instance/default-ec2-instance-management-role " +
			"--setting-value service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole",
		Terraform: "resource \"aws_iam_role_policy_attachment\" \"ssm\" {\n  role       = aws_iam_role.web.name\n" +
			"  policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}\n" +
			"resource \"aws_vpc_endpoint\" \"ssm\" {\n  vpc_id              = aws_vpc.main.id\n  service_name        = \"com.amazonaws.us-east-1.ssm\"\n" +
			"  vpc_endpoint_type   = \"Interface\"\n  private_dns_enabled = true\n}",
	},
	Seed: []string{"patch-management", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, in := range r.Resources.EC2Instances {
				if in.State != "running" {
					continue // only running instances can report to SSM
				}
				loc := At(a, r, in)
				var mi *inventory.SSMManagedInstance
				for _, m := range r.Resources.SSMManagedInstances {
					if m.ID == in.ID {
						mi = m
					}
				}
				switch {
				case mi == nil:
					why := "no instance profile"
					if in.InstanceProfile != "" {
						why = "instance profile " + in.InstanceProfile + " (check AmazonSSMManagedInstanceCore, the agent and the route to SSM)"
					}
					c.Fail(loc, "running instance is not managed by Systems Manager, so it cannot be patched or inventoried automatically; "+why,
						Ev(in, "InstanceId", in.ID), Ev(in, "IamInstanceProfile.Arn", orNone(in.InstanceProfile)))
				case !strings.EqualFold(mi.PingStatus, "Online"):
					msg := fmt.Sprintf("Systems Manager lost contact with the instance: PingStatus %s", orNone(mi.PingStatus))
					if !mi.LastPingDateTime.IsZero() {
						msg += ", last ping " + countOf(daysSince(c, mi.LastPingDateTime), "day", "days") + " ago"
					}
					c.Fail(loc, msg, Ev(mi, "PingStatus", orNone(mi.PingStatus)), Ev(mi, "LastPingDateTime", mi.LastPingDateTime.Format(time.RFC3339)))
				default:
					c.Pass(loc, fmt.Sprintf("managed by Systems Manager and online (agent %s, %s)", orNone(mi.AgentVersion), orNone(mi.PlatformName)),
						Ev(mi, "PingStatus", mi.PingStatus), Ev(mi, "AgentVersion", orNone(mi.AgentVersion)))
				}
			}
		}
	},
}

var ssmPatchCompliance = &Check{
	ID:           "ssm-patch-compliance",
	Service:      "ssm",
	Title:        "Managed instances are patch compliant and scanned within the last 30 days",
	Severity:     finding.High,
	ResourceType: "AWS::SSM::ManagedInstance",
	Rationale: "Patch Manager compares each instance with its patch baseline and reports the approved patches that are " +
		"missing or failed to install. Missing security and critical patches are the known, published vulnerabilities " +
		"attackers automate first (Log4Shell, regreSSHion, the Linux kernel privilege escalations); every day they stay " +
		"missing is a day of portExposure. A compliance state is only as good as its last scan: an instance that has not " +
		"reported for a month may be missing everything released since. Patches installed but waiting for a reboot are " +
		"not in effect yet.",
	Verify: "aws ssm describe-instance-patch-states --instance-ids i-0123456789abcdef0 --query " +
		"'InstancePatchStates[].[InstanceId,MissingCount,FailedCount,InstalledPendingRebootCount,CriticalNonCompliantCount,SecurityNonCompliantCount,Operation,OperationEndTime]'; " +
		"aws ssm list-compliance-summaries --filters Key=ComplianceType,Values=Patch,Type=EQUAL.",
	Remediation: Remediation{
		Summary: "Run AWS-RunPatchBaseline with Operation=Install on a schedule (Patch Manager patch policy or a maintenance window) and fix what keeps failing.",
		Console: "Systems Manager > Patch Manager > Create patch policy: scan daily and install weekly for all managed nodes (or a maintenance window running " +
			"AWS-RunPatchBaseline with Operation Install and reboot if needed). Review Patch Manager > Compliance reporting for failed patches.",
		CLI: "aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=i-0123456789abcdef0 " +
			"--parameters Operation=Install,RebootOption=RebootIfNeeded",
		Terraform: "resource \"aws_ssm_maintenance_window\" \"patch\" {\n  name     = \"weekly-patching\"\n  schedule = \"cron(0 3 ? * SUN *)\"\n" +
			"  duration = 3\n  cutoff   = 1\n}\n" +
			"resource \"aws_ssm_maintenance_window_task\" \"patch\" {\n  window_id       = aws_ssm_maintenance_window.patch.id\n" +
			"  task_type       = \"RUN_COMMAND\"\n  task_arn        = \"AWS-RunPatchBaseline\"\n  max_concurrency = \"10%\"\n  max_errors      = \"10%\"\n" +
			"  targets {\n    key    = \"WindowTargetIds\"\n    values = [aws_ssm_maintenance_window_target.all.id]\n  }\n" +
			"  task_invocation_parameters {\n    run_command_parameters {\n      parameter {\n        name   = \"Operation\"\n        values = [\"Install\"]\n      }\n    }\n  }\n}",
	},
	Seed: []string{"patch-management", "inspector-checks"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, mi := range r.Resources.SSMManagedInstances {
				loc := At(a, r, mi)
				pc := mi.PatchCompliance
				if pc == nil {
					c.Unknown(loc, "the instance's patch state was not read", Ev(mi, "PatchCompliance", nil))
					continue
				}
				if pc.OperationEndTime.IsZero() && pc.Operation == "" {
					c.FailAt(finding.Medium, loc, "no patch scan has ever reported for this instance: its patch level is unknown to Patch Manager",
						Ev(mi, "InstancePatchState", "none"))
					continue
				}
				age := daysSince(c, pc.OperationEndTime)
				ev := []finding.Evidence{
					Ev(mi, "MissingCount", pc.MissingCount), Ev(mi, "FailedCount", pc.FailedCount),
					Ev(mi, "CriticalNonCompliantCount", pc.CriticalNonCompliantCount),
					Ev(mi, "SecurityNonCompliantCount", pc.SecurityNonCompliantCount),
					Ev(mi, "OperationEndTime", pc.OperationEndTime.Format(time.RFC3339)),
				}
				var problems []string
				if pc.MissingCount > 0 {
					problems = append(problems, fmt.Sprintf("%d missing", pc.MissingCount))
				}
				if pc.FailedCount > 0 {
					problems = append(problems, fmt.Sprintf("%d failed", pc.FailedCount))
				}
				if pc.InstalledPendingRebootCount > 0 {
					problems = append(problems, fmt.Sprintf("%d installed pending reboot", pc.InstalledPendingRebootCount))
				}
				if len(problems) == 0 && strings.EqualFold(pc.State, "NON_COMPLIANT") {
					problems = append(problems, "state NON_COMPLIANT")
				}
				stale := age > patchScanMaxAge
				last := fmt.Sprintf("last %s %s ago", orNone(pc.Operation), countOf(age, "day", "days"))
				switch {
				case len(problems) > 0:
					sev := finding.Medium
					if pc.CriticalNonCompliantCount > 0 || pc.SecurityNonCompliantCount > 0 {
						sev = finding.High
						problems = append(problems, fmt.Sprintf("%d critical and %d security patches non-compliant",
							pc.CriticalNonCompliantCount, pc.SecurityNonCompliantCount))
					}
					c.FailAt(sev, loc, "not patch compliant: "+strings.Join(problems, ", ")+"; "+last, ev...)
				case stale:
					c.FailAt(finding.Medium, loc, fmt.Sprintf("patch state is stale: %s (more than %d)", last, patchScanMaxAge), ev...)
				default:
					c.Pass(loc, fmt.Sprintf("patch compliant: %d installed, none missing or failed; %s", pc.InstalledCount, last), ev...)
				}
			}
		}
	},
}
