package checks

import (
	"testing"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

// dbInstance is a well-configured test DB instance.
func dpDB(id string) *inventory.DBInstance {
	return &inventory.DBInstance{Meta: meta(id), Engine: "mysql", EngineVersion: "8.0.39", DBInstanceClass: "db.t3.medium",
		PubliclyAccessible: inventory.Ptr(false), StorageEncrypted: inventory.Ptr(true), KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/rds",
		BackupRetentionPeriod: inventory.Ptr(14), DeletionProtection: inventory.Ptr(true), IAMDatabaseAuthenticationEnabled: inventory.Ptr(true),
		MultiAZ: inventory.Ptr(true), AutoMinorVersionUpgrade: inventory.Ptr(true), VPCSecurityGroups: []string{"sg-db"}, VPCID: "vpc-1",
		EndpointAddress: id + ".abc.us-east-1.rds.amazonaws.com", EndpointPort: 3306}
}

func TestRDSInstancePublicAccess(t *testing.T) {
	runCases(t, rdsInstancePublicAccess, []checkCase{{
		name: "public fails naming the port and groups",
		fill: func(a *inventory.Account, r *inventory.Region) {
			pub, unread := dpDB("public"), dpDB("unread")
			pub.PubliclyAccessible, pub.StorageEncrypted = inventory.Ptr(true), inventory.Ptr(false)
			pub.VPCSecurityGroups = []string{"sg-default", "sg-db"}
			unread.PubliclyAccessible = nil
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("private"), pub, unread}
		},
		want:     map[string]finding.Status{"private": finding.Pass, "public": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"public": "TCP 3306 (MySQL) is reachable from the internet wherever security group(s) sg-default, sg-db allow it; storage is also unencrypted"},
	}})
}

func TestRDSInstanceStorageEncrypted(t *testing.T) {
	runCases(t, rdsInstanceStorageEncrypted, []checkCase{{
		name: "encrypted, not, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			plain, unread := dpDB("plain"), dpDB("unread")
			plain.StorageEncrypted, plain.KMSKeyID = inventory.Ptr(false), ""
			unread.StorageEncrypted = nil
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("enc"), plain, unread}
		},
		want:     map[string]finding.Status{"enc": finding.Pass, "plain": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"enc": "key/rds"},
	}})
}

func TestRDSInstanceBackupRetention(t *testing.T) {
	runCases(t, rdsInstanceBackupRetention, []checkCase{{
		name: "0 fails high, 3 fails low, 14 passes, replicas and members skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			zero, short, unread, replica, member := dpDB("zero"), dpDB("short"), dpDB("unread"), dpDB("replica"), dpDB("member")
			zero.BackupRetentionPeriod, short.BackupRetentionPeriod, unread.BackupRetentionPeriod = inventory.Ptr(0), inventory.Ptr(3), nil
			replica.ReadReplicaSourceDBInstanceIdentifier, replica.BackupRetentionPeriod = "zero", inventory.Ptr(0)
			member.DBClusterIdentifier, member.BackupRetentionPeriod = "cluster", inventory.Ptr(0)
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("ok"), zero, short, unread, replica, member}
		},
		want:     map[string]finding.Status{"ok": finding.Pass, "zero": finding.Fail, "short": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"zero": "retention 0 days", "short": "only 3 day(s)", "ok": "14 days"},
	}})
	fs := runCheck(t, rdsInstanceBackupRetention, testEstate(func(a *inventory.Account, r *inventory.Region) {
		zero, short := dpDB("zero"), dpDB("short")
		zero.BackupRetentionPeriod, short.BackupRetentionPeriod = inventory.Ptr(0), inventory.Ptr(3)
		r.Resources.DBInstances = []*inventory.DBInstance{zero, short}
	}))
	for _, f := range fs {
		want := map[string]finding.Severity{"zero": finding.High, "short": finding.Low}[f.ResourceID]
		if f.Severity != want {
			t.Errorf("%s: severity %v, want %v", f.ResourceID, f.Severity, want)
		}
	}
}

func TestRDSInstanceDeletionProtection(t *testing.T) {
	runCases(t, rdsInstanceDeletionProtection, []checkCase{{
		name: "on, off, unread, cluster member skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, unread, member := dpDB("off"), dpDB("unread"), dpDB("member")
			off.DeletionProtection, off.BackupRetentionPeriod = inventory.Ptr(false), inventory.Ptr(0)
			unread.DeletionProtection = nil
			member.DBClusterIdentifier, member.DeletionProtection = "cluster", inventory.Ptr(false)
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("on"), off, unread, member}
		},
		want:     map[string]finding.Status{"on": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"off": "nothing would remain"},
	}})
}

func TestRDSInstanceIAMAuth(t *testing.T) {
	runCases(t, rdsInstanceIAMAuth, []checkCase{{
		name: "on, off, unread; SQL Server not assessed",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, unread, mssql := dpDB("off"), dpDB("unread"), dpDB("mssql")
			off.Engine, off.IAMDatabaseAuthenticationEnabled = "postgres", inventory.Ptr(false)
			unread.IAMDatabaseAuthenticationEnabled = nil
			mssql.Engine, mssql.IAMDatabaseAuthenticationEnabled = "sqlserver-se", inventory.Ptr(false)
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("on"), off, unread, mssql}
		},
		want:     map[string]finding.Status{"on": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"off": "PostgreSQL"},
	}})
}

func TestRDSInstanceAutoMinorUpgrade(t *testing.T) {
	runCases(t, rdsInstanceAutoMinorUpgrade, []checkCase{{
		name: "on, off, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			off, unread := dpDB("off"), dpDB("unread")
			off.AutoMinorVersionUpgrade, off.EngineVersion = inventory.Ptr(false), "5.7.44"
			unread.AutoMinorVersionUpgrade = nil
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("on"), off, unread}
		},
		want:     map[string]finding.Status{"on": finding.Pass, "off": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"off": "MySQL 5.7.44"},
	}})
}

func TestRDSInstanceMultiAZ(t *testing.T) {
	runCases(t, rdsInstanceMultiAZ, []checkCase{{
		name: "multi-AZ, single-AZ, unread; replica skipped",
		fill: func(a *inventory.Account, r *inventory.Region) {
			single, unread, replica := dpDB("single"), dpDB("unread"), dpDB("replica")
			single.MultiAZ, unread.MultiAZ = inventory.Ptr(false), nil
			replica.ReadReplicaSourceDBInstanceIdentifier, replica.MultiAZ = "multi", inventory.Ptr(false)
			r.Resources.DBInstances = []*inventory.DBInstance{dpDB("multi"), single, unread, replica}
		},
		want: map[string]finding.Status{"multi": finding.Pass, "single": finding.Fail, "unread": finding.Error},
	}, {
		name: "gap in DB instances",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Gaps = []inventory.Gap{{ResourceType: "AWS::RDS::DBInstance", Call: "rds:DescribeDBInstances", Code: "AccessDenied"}}
		},
		want: map[string]finding.Status{testAccount + "/" + testRegion: finding.Error},
	}})
}

func TestRDSSnapshotPublic(t *testing.T) {
	snap := func(id, typ string, restore *inventory.DBSnapshotRestore) *inventory.DBSnapshot {
		return &inventory.DBSnapshot{Meta: meta(id), Kind: "instance", SourceIdentifier: "db1", SnapshotType: typ,
			SnapshotCreateTime: testNow.AddDate(0, 0, -3), Encrypted: inventory.Ptr(false), Restore: restore}
	}
	runCases(t, rdsSnapshotPublic, []checkCase{{
		name: "public, shared outside, shared inside, private, automated, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.DBSnapshots = []*inventory.DBSnapshot{
				snap("public", "manual", &inventory.DBSnapshotRestore{Public: true}),
				snap("outside", "manual", &inventory.DBSnapshotRestore{SharedAccounts: []string{"999988887777"}}),
				snap("inside", "manual", &inventory.DBSnapshotRestore{SharedAccounts: []string{testAccount}}),
				snap("private", "manual", &inventory.DBSnapshotRestore{}),
				snap("auto", "automated", nil),
				snap("unread", "manual", nil),
			}
		},
		want: map[string]finding.Status{"public": finding.Fail, "outside": finding.Fail, "inside": finding.Pass, "private": finding.Pass,
			"auto": finding.Pass, "unread": finding.Error},
		contains: map[string]string{"public": "any AWS account can restore this instance snapshot of db1 taken 2026-10-29 (unencrypted)", "outside": "999988887777"},
	}})
}

func TestRDSClusterStorageEncrypted(t *testing.T) {
	cluster := func(id string, enc *bool) *inventory.DBCluster {
		return &inventory.DBCluster{Meta: meta(id), Engine: "aurora-postgresql", StorageEncrypted: enc, Members: []string{id + "-1", id + "-2"}}
	}
	runCases(t, rdsClusterStorageEncrypted, []checkCase{{
		name: "encrypted, not, unread",
		fill: func(a *inventory.Account, r *inventory.Region) {
			r.Resources.DBClusters = []*inventory.DBCluster{cluster("enc", inventory.Ptr(true)), cluster("plain", inventory.Ptr(false)), cluster("unread", nil)}
		},
		want:     map[string]finding.Status{"enc": finding.Pass, "plain": finding.Fail, "unread": finding.Error},
		contains: map[string]string{"plain": "Aurora PostgreSQL cluster storage is not encrypted (2 member instance(s))"},
	}})
}
