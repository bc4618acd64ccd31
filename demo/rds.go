package demo

import (
	"time"

	"github.com/awssec/awssec/inventory"
)

// rdsInstance is a DB instance with this estate's well-configured
// defaults (the orders-db shape); callers change what their example needs.
func rdsInstance(account, region, id, engine, version string, port int) *inventory.DBInstance {
	return &inventory.DBInstance{
		Meta:   meta("rds:DescribeDBInstances", id, arn("rds", region, account, "db:"+id), id),
		Engine: engine, EngineVersion: version, DBInstanceClass: "db.r6g.large", DBInstanceStatus: "available",
		PubliclyAccessible: inventory.Ptr(false), StorageEncrypted: inventory.Ptr(true),
		BackupRetentionPeriod: inventory.Ptr(14), DeletionProtection: inventory.Ptr(true),
		IAMDatabaseAuthenticationEnabled: inventory.Ptr(true), MultiAZ: inventory.Ptr(true), AutoMinorVersionUpgrade: inventory.Ptr(true),
		CACertificateIdentifier: "rds-ca-rsa2048-g1",
		EndpointAddress:         id + ".c9akciq32xyz." + region + ".rds.amazonaws.com", EndpointPort: port,
		InstanceCreateTime: daysAgo(400),
	}
}

func addRDS(b *builder) {
	prodEast, prodWest := b.region(ProdAccount, East), b.region(ProdAccount, West)
	devEast, devWest := b.region(DevAccount, East), b.region(DevAccount, West)

	// legacy-mysql fails every instance check: publicly accessible in the
	// public subnet behind the default security group (TCP 3306 open to the
	// world), unencrypted, no automated backups, no deletion protection,
	// password-only auth, Single-AZ, and stuck on MySQL 5.7 with auto minor
	// version upgrade off.
	legacy := rdsInstance(ProdAccount, East, "legacy-mysql", "mysql", "5.7.44", 3306)
	legacy.DBInstanceClass = "db.t3.medium"
	legacy.PubliclyAccessible, legacy.StorageEncrypted = inventory.Ptr(true), inventory.Ptr(false)
	legacy.BackupRetentionPeriod, legacy.DeletionProtection = inventory.Ptr(0), inventory.Ptr(false)
	legacy.IAMDatabaseAuthenticationEnabled, legacy.MultiAZ, legacy.AutoMinorVersionUpgrade = inventory.Ptr(false), inventory.Ptr(false), inventory.Ptr(false)
	legacy.VPCSecurityGroups, legacy.VPCID = []string{"sg-0default000000001"}, "vpc-0prod00000000001"
	legacy.DBSubnetGroupName, legacy.SubnetIDs = "legacy-public", []string{"subnet-0public0000000001"}
	legacy.CACertificateIdentifier, legacy.InstanceCreateTime = "rds-ca-2019", daysAgo(2200)

	// orders-db passes every instance check: private subnets, encrypted with
	// the orders-data key, Multi-AZ, IAM auth, 14-day backups, deletion
	// protection, auto minor upgrades.
	orders := rdsInstance(ProdAccount, East, "orders-db", "postgres", "16.4", 5432)
	orders.KMSKeyID = kmsProdOrdersKey
	orders.VPCSecurityGroups, orders.VPCID = []string{"sg-0ordersdb00000001"}, "vpc-0prod00000000001"
	orders.DBSubnetGroupName, orders.SubnetIDs = "orders-private", []string{"subnet-0private000000001"}

	// analytics-aurora: an encrypted Aurora PostgreSQL cluster and its
	// writer (rds-cluster-storage-encrypted passes; cluster members are
	// skipped by the backup, deletion protection and Multi-AZ checks).
	analytics := &inventory.DBCluster{
		Meta:   meta("rds:DescribeDBClusters", "analytics-aurora", arn("rds", East, ProdAccount, "cluster:analytics-aurora"), "analytics-aurora"),
		Engine: "aurora-postgresql", EngineVersion: "16.4", EngineMode: "provisioned", Status: "available",
		StorageEncrypted: inventory.Ptr(true), KMSKeyID: kmsProdOrdersKey, BackupRetentionPeriod: inventory.Ptr(7),
		DeletionProtection: inventory.Ptr(true), IAMDatabaseAuthenticationEnabled: inventory.Ptr(true), MultiAZ: inventory.Ptr(true),
		AutoMinorVersionUpgrade: inventory.Ptr(true), VPCSecurityGroups: []string{"sg-0ordersdb00000001"}, DBSubnetGroup: "orders-private",
		Endpoint: "analytics-aurora.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com", Port: 5432,
		Members: []string{"analytics-aurora-1"}, ClusterCreateTime: daysAgo(300),
	}
	writer := rdsInstance(ProdAccount, East, "analytics-aurora-1", "aurora-postgresql", "16.4", 5432)
	writer.DBClusterIdentifier, writer.KMSKeyID, writer.MultiAZ = "analytics-aurora", kmsProdOrdersKey, inventory.Ptr(false)
	writer.DeletionProtection = inventory.Ptr(false) // protection is the cluster's
	writer.VPCSecurityGroups, writer.VPCID = []string{"sg-0ordersdb00000001"}, "vpc-0prod00000000001"
	prodEast.Resources.DBInstances = append(prodEast.Resources.DBInstances, legacy, orders, writer)
	prodEast.Resources.DBClusters = append(prodEast.Resources.DBClusters, analytics)

	// Snapshots in prod: orders-db's automated snapshot and a manual one
	// shared with the management account (inside the estate) pass
	// rds-snapshot-public; so does a private cluster snapshot.
	prodEast.Resources.DBSnapshots = append(prodEast.Resources.DBSnapshots,
		&inventory.DBSnapshot{
			Meta: meta("rds:DescribeDBSnapshots", "rds:orders-db-2026-11-01-05-10", arn("rds", East, ProdAccount, "snapshot:rds:orders-db-2026-11-01-05-10"), ""),
			Kind: "instance", SourceIdentifier: "orders-db", Engine: "postgres", SnapshotType: "automated",
			SnapshotCreateTime: Now.Add(-4 * time.Hour), Encrypted: inventory.Ptr(true), KMSKeyID: kmsProdOrdersKey,
		},
		&inventory.DBSnapshot{
			Meta: meta("rds:DescribeDBSnapshots", "orders-db-pre-upgrade-16", arn("rds", East, ProdAccount, "snapshot:orders-db-pre-upgrade-16"), ""),
			Kind: "instance", SourceIdentifier: "orders-db", Engine: "postgres", SnapshotType: "manual",
			SnapshotCreateTime: daysAgo(45), Encrypted: inventory.Ptr(true), KMSKeyID: kmsProdOrdersKey,
			Restore: &inventory.DBSnapshotRestore{SharedAccounts: []string{ManagementAccount}},
		},
		&inventory.DBSnapshot{
			Meta: meta("rds:DescribeDBClusterSnapshots", "analytics-aurora-before-reindex", arn("rds", East, ProdAccount, "cluster-snapshot:analytics-aurora-before-reindex"), ""),
			Kind: "cluster", SourceIdentifier: "analytics-aurora", Engine: "aurora-postgresql", SnapshotType: "manual",
			SnapshotCreateTime: daysAgo(12), Encrypted: inventory.Ptr(true), KMSKeyID: kmsProdOrdersKey,
			Restore: &inventory.DBSnapshotRestore{},
		})

	// prod eu-west-1: a cross-region read replica of orders-db (replicas
	// are skipped by the backup and Multi-AZ checks), encrypted with the DR key.
	replica := rdsInstance(ProdAccount, West, "orders-db-replica-eu", "postgres", "16.4", 5432)
	replica.ReadReplicaSourceDBInstanceIdentifier = arn("rds", East, ProdAccount, "db:orders-db")
	replica.KMSKeyID, replica.BackupRetentionPeriod, replica.MultiAZ = kmsProdDRKey, inventory.Ptr(0), inventory.Ptr(false)
	replica.VPCID, replica.DBSubnetGroupName = "vpc-0prodeu000000001", "orders-private-eu"
	prodWest.Resources.DBInstances = append(prodWest.Resources.DBInstances, replica)

	// dev: dev-reporting-pg keeps backups for 3 days only (low), is
	// Single-AZ and unprotected; otherwise fine.
	reporting := rdsInstance(DevAccount, West, "dev-reporting-pg", "postgres", "15.8", 5432)
	reporting.DBInstanceClass, reporting.KMSKeyID = "db.t4g.medium", arn("kms", West, DevAccount, "key/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d")
	reporting.BackupRetentionPeriod, reporting.MultiAZ, reporting.DeletionProtection = inventory.Ptr(3), inventory.Ptr(false), inventory.Ptr(false)
	reporting.VPCID, reporting.DBSubnetGroupName = "vpc-0dev000000000001", "dev-private"
	devWest.Resources.DBInstances = append(devWest.Resources.DBInstances, reporting)

	// A dev Aurora MySQL sandbox cluster created without encryption
	// (rds-cluster-storage-encrypted fails).
	sandbox := &inventory.DBCluster{
		Meta:   meta("rds:DescribeDBClusters", "dev-aurora-sandbox", arn("rds", East, DevAccount, "cluster:dev-aurora-sandbox"), "dev-aurora-sandbox"),
		Engine: "aurora-mysql", EngineVersion: "8.0.mysql_aurora.3.05.2", EngineMode: "provisioned", Status: "available",
		StorageEncrypted: inventory.Ptr(false), BackupRetentionPeriod: inventory.Ptr(1), DeletionProtection: inventory.Ptr(false),
		IAMDatabaseAuthenticationEnabled: inventory.Ptr(false), MultiAZ: inventory.Ptr(false), AutoMinorVersionUpgrade: inventory.Ptr(true),
		Port: 3306, Members: []string{"dev-aurora-sandbox-1"}, ClusterCreateTime: daysAgo(90),
	}
	member := rdsInstance(DevAccount, East, "dev-aurora-sandbox-1", "aurora-mysql", "8.0.mysql_aurora.3.05.2", 3306)
	member.DBClusterIdentifier, member.StorageEncrypted, member.IAMDatabaseAuthenticationEnabled = "dev-aurora-sandbox", inventory.Ptr(false), inventory.Ptr(false)
	member.BackupRetentionPeriod, member.MultiAZ, member.DeletionProtection = inventory.Ptr(1), inventory.Ptr(false), inventory.Ptr(false)
	member.VPCID, member.DBSubnetGroupName = "vpc-0dev000000000002", "dev-sandbox"
	devEast.Resources.DBClusters = append(devEast.Resources.DBClusters, sandbox)
	devEast.Resources.DBInstances = append(devEast.Resources.DBInstances, member)

	// rds-snapshot-public: an unencrypted export of customer data that a
	// developer made public "to share with the contractor" (critical).
	devEast.Resources.DBSnapshots = append(devEast.Resources.DBSnapshots, &inventory.DBSnapshot{
		Meta: meta("rds:DescribeDBSnapshots", "customer-export-2026-09-15", arn("rds", East, DevAccount, "snapshot:customer-export-2026-09-15"), ""),
		Kind: "instance", SourceIdentifier: "dev-mysql-import", Engine: "mysql", SnapshotType: "manual",
		SnapshotCreateTime: daysAgo(47), Encrypted: inventory.Ptr(false),
		Restore: &inventory.DBSnapshotRestore{Public: true},
	})
}
