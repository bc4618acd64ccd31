package inventory

// GlobalResources are the resources of an account that belong to no region.
// Each field is keyed in JSON by its AWS resource type name.
type GlobalResources struct {
	IAMUsers                   []*IAMUser                  `json:"AWS::IAM::User,omitzero"`
	IAMGroups                  []*IAMGroup                 `json:"AWS::IAM::Group,omitzero"`
	IAMRoles                   []*IAMRole                  `json:"AWS::IAM::Role,omitzero"`
	IAMPolicies                []*IAMPolicy                `json:"AWS::IAM::Policy,omitzero"`
	IAMInstanceProfiles        []*IAMInstanceProfile       `json:"AWS::IAM::InstanceProfile,omitzero"`
	IAMServerCertificates      []*IAMServerCertificate     `json:"AWS::IAM::ServerCertificate,omitzero"`
	S3Buckets                  []*S3Bucket                 `json:"AWS::S3::Bucket,omitzero"`
	CloudFrontDistributions    []*CloudFrontDistribution   `json:"AWS::CloudFront::Distribution,omitzero"`
	SSOInstances               []*SSOInstance              `json:"AWS::SSO::Instance,omitzero"`
	SSOPermissionSets          []*SSOPermissionSet         `json:"AWS::SSO::PermissionSet,omitzero"`
	IAMPasswordPolicy          *IAMPasswordPolicy          `json:"AWS::IAM::PasswordPolicy,omitzero"`          // nil: not read
	IAMRoot                    *IAMRoot                    `json:"AWS::IAM::Root,omitzero"`                    // nil: not read
	S3AccountPublicAccessBlock *S3AccountPublicAccessBlock `json:"AWS::S3::AccountPublicAccessBlock,omitzero"` // nil: not read
}

// RegionalResources are the resources of one region of an account.
// Each field is keyed in JSON by its AWS resource type name.
type RegionalResources struct {
	EC2Instances              []*EC2Instance              `json:"AWS::EC2::Instance,omitzero"`
	SecurityGroups            []*SecurityGroup            `json:"AWS::EC2::SecurityGroup,omitzero"`
	NetworkACLs               []*NetworkACL               `json:"AWS::EC2::NetworkAcl,omitzero"`
	VPCs                      []*VPC                      `json:"AWS::EC2::VPC,omitzero"`
	Subnets                   []*Subnet                   `json:"AWS::EC2::Subnet,omitzero"`
	RouteTables               []*RouteTable               `json:"AWS::EC2::RouteTable,omitzero"`
	Volumes                   []*Volume                   `json:"AWS::EC2::Volume,omitzero"`
	Snapshots                 []*Snapshot                 `json:"AWS::EC2::Snapshot,omitzero"`
	Images                    []*Image                    `json:"AWS::EC2::Image,omitzero"`
	TransitGateways           []*TransitGateway           `json:"AWS::EC2::TransitGateway,omitzero"`
	TransitGatewayAttachments []*TransitGatewayAttachment `json:"AWS::EC2::TransitGatewayAttachment,omitzero"`
	TransitGatewayRouteTables []*TransitGatewayRouteTable `json:"AWS::EC2::TransitGatewayRouteTable,omitzero"`
	SSMManagedInstances       []*SSMManagedInstance       `json:"AWS::SSM::ManagedInstance,omitzero"`
	KMSKeys                   []*KMSKey                   `json:"AWS::KMS::Key,omitzero"`
	DBInstances               []*DBInstance               `json:"AWS::RDS::DBInstance,omitzero"`
	DBClusters                []*DBCluster                `json:"AWS::RDS::DBCluster,omitzero"`
	DBSnapshots               []*DBSnapshot               `json:"AWS::RDS::DBSnapshot,omitzero"`
	Trails                    []*Trail                    `json:"AWS::CloudTrail::Trail,omitzero"`
	LogGroups                 []*LogGroup                 `json:"AWS::Logs::LogGroup,omitzero"`
	MetricFilters             []*MetricFilter             `json:"AWS::Logs::MetricFilter,omitzero"`
	Alarms                    []*Alarm                    `json:"AWS::CloudWatch::Alarm,omitzero"`
	SNSTopics                 []*SNSTopic                 `json:"AWS::SNS::Topic,omitzero"`
	SQSQueues                 []*SQSQueue                 `json:"AWS::SQS::Queue,omitzero"`
	GuardDutyDetectors        []*GuardDutyDetector        `json:"AWS::GuardDuty::Detector,omitzero"`
	SecurityHubs              []*SecurityHub              `json:"AWS::SecurityHub::Hub,omitzero"`
	ConfigRecorders           []*ConfigRecorder           `json:"AWS::Config::ConfigurationRecorder,omitzero"`
	ConfigDeliveryChannels    []*ConfigDeliveryChannel    `json:"AWS::Config::DeliveryChannel,omitzero"`
	ConfigRules               []*ConfigRule               `json:"AWS::Config::ConfigRule,omitzero"`
	ConfigAggregators         []*ConfigAggregator         `json:"AWS::Config::ConfigurationAggregator,omitzero"`
	OpenSearchDomains         []*OpenSearchDomain         `json:"AWS::OpenSearchService::Domain,omitzero"`
	RestAPIs                  []*RestAPI                  `json:"AWS::ApiGateway::RestApi,omitzero"`
	RestAPIStages             []*RestAPIStage             `json:"AWS::ApiGateway::Stage,omitzero"`
	HTTPAPIs                  []*HTTPAPI                  `json:"AWS::ApiGatewayV2::Api,omitzero"`
	HTTPAPIStages             []*HTTPAPIStage             `json:"AWS::ApiGatewayV2::Stage,omitzero"`
	LoadBalancers             []*LoadBalancer             `json:"AWS::ElasticLoadBalancingV2::LoadBalancer,omitzero"`
	Listeners                 []*Listener                 `json:"AWS::ElasticLoadBalancingV2::Listener,omitzero"`
	LambdaFunctions           []*LambdaFunction           `json:"AWS::Lambda::Function,omitzero"`
	BackupVaults              []*BackupVault              `json:"AWS::Backup::BackupVault,omitzero"`
	BackupPlans               []*BackupPlan               `json:"AWS::Backup::BackupPlan,omitzero"`
	BackupProtectedResources  []*BackupProtectedResource  `json:"AWS::Backup::ProtectedResource,omitzero"`
	Secrets                   []*Secret                   `json:"AWS::SecretsManager::Secret,omitzero"`
	ECRRepositories           []*ECRRepository            `json:"AWS::ECR::Repository,omitzero"`
	EBSEncryptionByDefault    *EBSEncryptionByDefault     `json:"AWS::EC2::EBSEncryptionByDefault,omitzero"` // nil: not read
	Inspector                 *InspectorStatus            `json:"AWS::Inspector2::Status,omitzero"`          // nil: not read
}
