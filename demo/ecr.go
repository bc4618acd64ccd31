package demo

import "github.com/awssec/awssec/inventory"

func ecrRepo(account, region, name string, created int) *inventory.ECRRepository {
	return &inventory.ECRRepository{
		Meta:          meta("ecr:DescribeRepositories", name, arn("ecr", region, account, "repository/"+name), name),
		RepositoryURI: account + ".dkr.ecr." + region + ".amazonaws.com/" + name, CreatedAt: daysAgo(created),
		ImageTagMutability: "IMMUTABLE", ScanOnPush: inventory.Ptr(true), RegistryScanType: "BASIC", EncryptionType: "AES256",
	}
}

func addECR(b *builder) {
	prodEast, devWest := b.region(ProdAccount, East), b.region(DevAccount, West)

	// prod: orders-api has immutable tags, KMS encryption, and the prod
	// registry uses enhanced scanning (Inspector); its policy lets only the
	// organization pull: passes all three ECR checks.
	api := ecrRepo(ProdAccount, East, "orders-api", 520)
	api.RegistryScanType, api.ScanOnPush = "ENHANCED", inventory.Ptr(false)
	api.EncryptionType, api.KMSKey = "KMS", kmsProdOrdersKey
	api.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"OrgPull","Effect":"Allow","Principal":"*",` +
		`"Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage","ecr:BatchCheckLayerAvailability"],` +
		`"Condition":{"StringEquals":{"aws:PrincipalOrgID":"` + OrgID + `"}}}]}`
	// wordpress-web's image: basic scan on push, immutable tags, no policy (pass).
	wp := ecrRepo(ProdAccount, East, "wordpress-web", 900)
	prodEast.Resources.ECRRepositories = append(prodEast.Resources.ECRRepositories, api, wp)

	// dev: a custom WordPress image repository with mutable tags, no
	// scanning, and a policy that lets anyone pull: fails all three.
	dev := ecrRepo(DevAccount, West, "dev/wordpress-custom", 300)
	dev.ImageTagMutability, dev.ScanOnPush = "MUTABLE", inventory.Ptr(false)
	dev.Policy = `{"Version":"2012-10-17","Statement":[{"Sid":"PublicPull","Effect":"Allow","Principal":"*",` +
		`"Action":["ecr:GetDownloadUrlForLayer","ecr:BatchGetImage"]}]}`
	devWest.Resources.ECRRepositories = append(devWest.Resources.ECRRepositories, dev)
}
