package checks

import (
	"strings"

	"github.com/awssec/awssec/finding"
)

func ecrChecks() []*Check {
	return []*Check{ecrRepositoryScanOnPush, ecrRepositoryImmutableTags, ecrRepositoryPolicyPublic}
}

var ecrRepositoryScanOnPush = &Check{
	ID:           "ecr-repository-scan-on-push",
	Service:      "ecr",
	Title:        "ECR repositories scan images for vulnerabilities when they are pushed",
	Severity:     finding.Medium,
	ResourceType: "AWS::ECR::Repository",
	Rationale: "Container images carry a whole operating system userland and language runtime: a base " +
		"image a few months old routinely has critical CVEs (OpenSSL, glibc, log4j-style library flaws). " +
		"Scanning on push reports them before the image is deployed, and lets a pipeline gate on the result. " +
		"Enhanced scanning (Amazon Inspector, set at registry level) is better still: it also rescans " +
		"continuously as new CVEs are published, and covers every repository that matches its filters.",
	Verify: "aws ecr describe-repositories --query 'repositories[].[repositoryName,imageScanningConfiguration.scanOnPush]' " +
		"and aws ecr get-registry-scanning-configuration — scanOnPush true, or scanType ENHANCED with a rule matching the repository.",
	Remediation: Remediation{
		Summary: "Turn on enhanced scanning for the registry (Amazon Inspector), or at least basic scan on push for the repository.",
		Console: "ECR > Private registry > Settings > Scanning configuration > Enhanced scanning > Continuous scanning for all repositories > Save.",
		CLI: "aws ecr put-registry-scanning-configuration --scan-type ENHANCED " +
			"--rules '[{\"scanFrequency\":\"CONTINUOUS_SCAN\",\"repositoryFilters\":[{\"filter\":\"*\",\"filterType\":\"WILDCARD\"}]}]'\n" +
			"aws ecr put-image-scanning-configuration --repository-name REPO --image-scanning-configuration scanOnPush=true",
		Terraform: "resource \"aws_ecr_registry_scanning_configuration\" \"this\" {\n  scan_type = \"ENHANCED\"\n  rule {\n" +
			"    scan_frequency = \"CONTINUOUS_SCAN\"\n    repository_filter {\n      filter      = \"*\"\n      filter_type = \"WILDCARD\"\n    }\n  }\n}",
	},
	Seed: []string{"inspector-checks", "patch-management"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, repo := range r.Resources.ECRRepositories {
				loc := At(a, r, repo)
				ev := []finding.Evidence{Ev(repo, "imageScanningConfiguration.scanOnPush", repo.ScanOnPush), Ev(repo, "registryScanType", orNone(repo.RegistryScanType))}
				switch {
				case repo.RegistryScanType == "ENHANCED":
					c.Pass(loc, "enhanced scanning (Amazon Inspector) covers the repository", ev...)
				case repo.ScanOnPush == nil:
					c.Unknown(loc, "the repository's scanning configuration was not read", ev...)
				case *repo.ScanOnPush:
					c.Pass(loc, "basic scan on push is enabled", ev...)
				default:
					c.Fail(loc, "images are not scanned when pushed, and no enhanced scanning rule covers the repository", ev...)
				}
			}
		}
	},
}

var ecrRepositoryImmutableTags = &Check{
	ID:           "ecr-repository-immutable-tags",
	Service:      "ecr",
	Title:        "ECR repositories make image tags immutable",
	Severity:     finding.Low,
	ResourceType: "AWS::ECR::Repository",
	Rationale: "With mutable tags anyone allowed ecr:PutImage can push a different image under an existing " +
		"tag such as v1.4.2 or prod: the next deployment, autoscaling event or node replacement then runs the " +
		"attacker's image while every manifest, pipeline and review still names the trusted tag. Immutable tags " +
		"make a tag point at one digest forever, so what was scanned and approved is what runs.",
	Verify: "aws ecr describe-repositories --query 'repositories[].[repositoryName,imageTagMutability]' — IMMUTABLE " +
		"(or IMMUTABLE_WITH_EXCLUSION for a few moving tags such as latest).",
	Remediation: Remediation{
		Summary: "Set image tag mutability to IMMUTABLE (deploy by version tag or digest).",
		Console: "ECR > Repositories > REPO > Edit > Tag immutability: Enabled > Save.",
		CLI:     "aws ecr put-image-tag-mutability --repository-name REPO --image-tag-mutability IMMUTABLE",
		Terraform: "resource \"aws_ecr_repository\" \"this\" {\n  name                 = \"orders-api\"\n" +
			"  image_tag_mutability = \"IMMUTABLE\"\n}",
	},
	Seed: []string{"secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, repo := range r.Resources.ECRRepositories {
				loc := At(a, r, repo)
				ev := Ev(repo, "imageTagMutability", orNone(repo.ImageTagMutability))
				switch {
				case repo.ImageTagMutability == "":
					c.Unknown(loc, "the repository's tag mutability was not read", ev)
				case strings.HasPrefix(repo.ImageTagMutability, "IMMUTABLE"):
					c.Pass(loc, "image tags are immutable ("+repo.ImageTagMutability+")", ev)
				default:
					c.Fail(loc, "image tags are mutable ("+repo.ImageTagMutability+"): a push can silently replace what a tag deploys", ev)
				}
			}
		}
	},
}

var ecrRepositoryPolicyPublic = &Check{
	ID:           "ecr-repository-policy-public",
	Service:      "ecr",
	Title:        "ECR repository policies do not grant access to everyone",
	Severity:     finding.High,
	ResourceType: "AWS::ECR::Repository",
	Rationale: "A repository policy with \"Principal\": \"*\" and no aws:PrincipalOrgID or account condition lets " +
		"any AWS account pull the images, and images hold more than code: configuration files, baked-in " +
		"credentials, internal hostnames and the exact versions of every library, a map for the next attack. " +
		"If the statement also allows ecr:PutImage or ecr:InitiateLayerUpload, anyone can push a backdoored " +
		"image that your clusters then run. Images meant to be public belong in ECR Public.",
	Verify: "aws ecr get-repository-policy --repository-name REPO --query policyText --output text — no Allow statement " +
		"may have Principal \"*\" without a condition naming the organization or accounts.",
	Remediation: Remediation{
		Summary: "Restrict the policy to named accounts or add an aws:PrincipalOrgID condition; publish public images through ECR Public.",
		Console: "ECR > Repositories > REPO > Permissions > Edit policy JSON: replace Principal \"*\" or add Condition {\"StringEquals\": {\"aws:PrincipalOrgID\": \"o-...\"}}.",
		CLI:     "aws ecr set-repository-policy --repository-name REPO --policy-text file://repo-policy.json",
		Terraform: "resource \"aws_ecr_repository_policy\" \"this\" {\n  repository = aws_ecr_repository.this.name\n" +
			"  policy     = data.aws_iam_policy_document.pull_from_org.json # condition aws:PrincipalOrgID\n}",
	},
	Seed: []string{"cross-account-access", "secure-configuration"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, repo := range r.Resources.ECRRepositories {
				loc := At(a, r, repo)
				doc, why := dpPolicy(c, repo.Policy, dpUnread(repo.Unread, "policy"))
				switch {
				case why != "":
					c.Unknown(loc, why)
				case doc == nil:
					c.Pass(loc, "the repository has no policy: only the owner account's IAM principals can use it", Ev(repo, "policyText", "none"))
				default:
					pub := dpPublicAllows(doc)
					if len(pub) == 0 {
						c.Pass(loc, "no repository policy statement grants everyone", Ev(repo, "policyText", repo.Policy))
						continue
					}
					sev := finding.High
					if dpCoversAny(pub, "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:SetRepositoryPolicy", "ecr:DeleteRepository") {
						sev = finding.Critical
					}
					c.FailAt(sev, loc, "repository policy grants everyone "+dpDescribe(pub), Ev(repo, "policyText", repo.Policy))
				}
			}
		}
	},
}
