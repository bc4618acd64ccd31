package inventory

import "time"

// DBInstance is an AWS::RDS::DBInstance (rds:DescribeDBInstances).
// Settings a check decides on are pointers: nil means not read.
type DBInstance struct {
	Meta `json:",inline"`
	// Engine is "mysql", "postgres", "mariadb", "aurora-mysql", "oracle-ee", "sqlserver-se", ...
	Engine           string `json:"engine,omitzero"`
	EngineVersion    string `json:"engineVersion,omitzero"`
	DBInstanceClass  string `json:"dbInstanceClass,omitzero"`
	DBInstanceStatus string `json:"dbInstanceStatus,omitzero"`
	// DBClusterIdentifier is set when the instance is a member of a DB
	// cluster (Aurora): storage, backups and deletion protection are then
	// the cluster's.
	DBClusterIdentifier string `json:"dbClusterIdentifier,omitzero"`
	// ReadReplicaSourceDBInstanceIdentifier is set when the instance is a
	// read replica of another instance.
	ReadReplicaSourceDBInstanceIdentifier string `json:"readReplicaSourceDBInstanceIdentifier,omitzero"`
	// PubliclyAccessible: the endpoint resolves to a public IP address.
	PubliclyAccessible *bool  `json:"publiclyAccessible,omitzero"`
	StorageEncrypted   *bool  `json:"storageEncrypted,omitzero"`
	KMSKeyID           string `json:"kmsKeyId,omitzero"`
	// BackupRetentionPeriod is in days; 0 disables automated backups.
	BackupRetentionPeriod            *int  `json:"backupRetentionPeriod,omitzero"`
	DeletionProtection               *bool `json:"deletionProtection,omitzero"`
	IAMDatabaseAuthenticationEnabled *bool `json:"iamDatabaseAuthenticationEnabled,omitzero"`
	MultiAZ                          *bool `json:"multiAZ,omitzero"`
	AutoMinorVersionUpgrade          *bool `json:"autoMinorVersionUpgrade,omitzero"`
	// VPCSecurityGroups are the ids of the instance's VPC security groups.
	VPCSecurityGroups []string `json:"vpcSecurityGroups,omitzero"`
	DBSubnetGroupName string   `json:"dbSubnetGroupName,omitzero"`
	VPCID             string   `json:"vpcId,omitzero"`
	// SubnetIDs are the subnets of the instance's DB subnet group.
	SubnetIDs               []string `json:"subnetIds,omitzero"`
	CACertificateIdentifier string   `json:"caCertificateIdentifier,omitzero"`
	// EndpointAddress and EndpointPort are where clients connect.
	EndpointAddress    string    `json:"endpointAddress,omitzero"`
	EndpointPort       int       `json:"endpointPort,omitzero"`
	InstanceCreateTime time.Time `json:"instanceCreateTime,omitzero"`
}

// Type returns "AWS::RDS::DBInstance".
func (*DBInstance) Type() string { return "AWS::RDS::DBInstance" }

// DBCluster is an AWS::RDS::DBCluster (rds:DescribeDBClusters): an Aurora
// cluster or a Multi-AZ DB cluster.
type DBCluster struct {
	Meta          `json:",inline"`
	Engine        string `json:"engine,omitzero"`
	EngineVersion string `json:"engineVersion,omitzero"`
	// EngineMode is "provisioned" or "serverless".
	EngineMode string `json:"engineMode,omitzero"`
	Status     string `json:"status,omitzero"`
	// PubliclyAccessible is only reported for Multi-AZ DB clusters; Aurora
	// reports it per member instance.
	PubliclyAccessible               *bool    `json:"publiclyAccessible,omitzero"`
	StorageEncrypted                 *bool    `json:"storageEncrypted,omitzero"`
	KMSKeyID                         string   `json:"kmsKeyId,omitzero"`
	BackupRetentionPeriod            *int     `json:"backupRetentionPeriod,omitzero"`
	DeletionProtection               *bool    `json:"deletionProtection,omitzero"`
	IAMDatabaseAuthenticationEnabled *bool    `json:"iamDatabaseAuthenticationEnabled,omitzero"`
	MultiAZ                          *bool    `json:"multiAZ,omitzero"`
	AutoMinorVersionUpgrade          *bool    `json:"autoMinorVersionUpgrade,omitzero"`
	VPCSecurityGroups                []string `json:"vpcSecurityGroups,omitzero"`
	DBSubnetGroup                    string   `json:"dbSubnetGroup,omitzero"`
	Endpoint                         string   `json:"endpoint,omitzero"`
	Port                             int      `json:"port,omitzero"`
	// Members are the identifiers of the cluster's DB instances.
	Members           []string  `json:"members,omitzero"`
	ClusterCreateTime time.Time `json:"clusterCreateTime,omitzero"`
}

// Type returns "AWS::RDS::DBCluster".
func (*DBCluster) Type() string { return "AWS::RDS::DBCluster" }

// DBSnapshot is an AWS::RDS::DBSnapshot: a DB instance snapshot
// (rds:DescribeDBSnapshots) or, with Kind "cluster", a DB cluster snapshot
// (rds:DescribeDBClusterSnapshots).
type DBSnapshot struct {
	Meta `json:",inline"`
	// Kind is "instance" or "cluster".
	Kind string `json:"kind"`
	// SourceIdentifier is the DB instance or DB cluster it was taken of.
	SourceIdentifier string `json:"sourceIdentifier,omitzero"`
	Engine           string `json:"engine,omitzero"`
	// SnapshotType is "manual", "automated", "shared", "public" or "awsbackup".
	SnapshotType       string    `json:"snapshotType,omitzero"`
	SnapshotCreateTime time.Time `json:"snapshotCreateTime,omitzero"`
	Encrypted          *bool     `json:"encrypted,omitzero"`
	KMSKeyID           string    `json:"kmsKeyId,omitzero"`
	// Restore is who may restore (copy) the snapshot, from the "restore"
	// attribute (rds:DescribeDBSnapshotAttributes); nil: not read.
	Restore *DBSnapshotRestore `json:"restore,omitzero"`
}

// DBSnapshotRestore is the "restore" attribute of a manual snapshot.
type DBSnapshotRestore struct {
	// Public is true when the attribute holds "all": any AWS account can
	// copy and restore the snapshot.
	Public bool `json:"public,omitzero"`
	// SharedAccounts are the other account ids it is shared with.
	SharedAccounts []string `json:"sharedAccounts,omitzero"`
}

// Type returns "AWS::RDS::DBSnapshot".
func (*DBSnapshot) Type() string { return "AWS::RDS::DBSnapshot" }
