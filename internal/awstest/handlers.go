package awstest

// serviceHandlers register the read calls of each service over the served
// estate, one file per service.
var serviceHandlers = []func(*Server){
	registerEC2, registerSSM, registerInspector,
	registerIAM, registerSSO, registerOrganizations,
	registerS3, registerKMS, registerRDS, registerSecretsManager, registerSNS, registerSQS, registerECR, registerBackup,
	registerCloudTrail, registerCloudWatch, registerGuardDuty, registerSecurityHub, registerConfig,
	registerOpenSearch, registerAPIGateway, registerELBv2, registerCloudFront, registerLambda,
	registerSESv2,
}
