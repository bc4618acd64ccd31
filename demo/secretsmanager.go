package demo

import "github.com/awssec/awssec/inventory"

// smSecret is a Secrets Manager secret's metadata (never its value).
func smSecret(account, region, name, suffix string, created int) *inventory.Secret {
	a := arn("secretsmanager", region, account, "secret:"+name+"-"+suffix)
	return &inventory.Secret{Meta: meta("secretsmanager:ListSecrets", a, a, name), CreatedDate: daysAgo(created), LastAccessedDate: daysAgo(0)}
}

func addSecretsManager(b *builder) {
	prodEast, devWest := b.region(ProdAccount, East), b.region(DevAccount, West)

	// secretsmanager-secret-rotation: orders-db's application credentials
	// rotate every 30 days through the RDS rotation function (pass).
	ordersApp := smSecret(ProdAccount, East, "prod/orders-db/app", "Qm3xT1", 400)
	ordersApp.KMSKeyID = kmsProdOrdersKey
	ordersApp.RotationEnabled, ordersApp.RotationAfterDays, ordersApp.RotationSchedule = inventory.Ptr(true), 30, "rate(30 days)"
	ordersApp.RotationLambdaARN = arn("lambda", East, ProdAccount, "function:SecretsManagerRDSPostgreSQLRotationSingleUser")
	ordersApp.LastRotatedDate, ordersApp.LastChangedDate, ordersApp.NextRotationDate = daysAgo(12), daysAgo(12), Now.AddDate(0, 0, 18)

	// legacy-mysql's master password has never rotated (fail).
	legacyRoot := smSecret(ProdAccount, East, "prod/legacy-mysql/root", "Zp8kLw", 2150)
	legacyRoot.KMSKeyID = kmsProdLegacyKey
	legacyRoot.RotationEnabled, legacyRoot.LastChangedDate = inventory.Ptr(false), daysAgo(2150)

	// The payments API key has rotation on, but the rotation function lost
	// network access 80 days ago: rotation is failing silently (fail).
	payments := smSecret(ProdAccount, East, "prod/payments/api-key", "Hc2vNe", 600)
	payments.RotationEnabled, payments.RotationAfterDays, payments.RotationSchedule = inventory.Ptr(true), 30, "rate(30 days)"
	payments.RotationLambdaARN = arn("lambda", East, ProdAccount, "function:payments-key-rotation")
	payments.LastRotatedDate, payments.LastChangedDate = daysAgo(80), daysAgo(80)
	prodEast.Resources.Secrets = append(prodEast.Resources.Secrets, ordersApp, legacyRoot, payments)

	// dev: the reporting pipeline's token, encrypted with the key now
	// pending deletion, rotates yearly only (fail, low).
	token := smSecret(DevAccount, West, "dev/reporting/warehouse-token", "Rt5bQa", 820)
	token.KMSKeyID = kmsDevReportingKey
	token.RotationEnabled, token.RotationAfterDays, token.RotationSchedule = inventory.Ptr(true), 365, "rate(365 days)"
	token.LastRotatedDate, token.LastChangedDate = daysAgo(90), daysAgo(90)
	devWest.Resources.Secrets = append(devWest.Resources.Secrets, token)
}
