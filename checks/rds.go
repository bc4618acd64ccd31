package checks

import (
	"fmt"
	"strings"

	"github.com/awssec/awssec/finding"
	"github.com/awssec/awssec/inventory"
)

func rdsChecks() []*Check {
	return []*Check{
		rdsInstancePublicAccess, rdsInstanceStorageEncrypted, rdsInstanceBackupRetention, rdsInstanceDeletionProtection,
		rdsInstanceIAMAuth, rdsInstanceAutoMinorUpgrade, rdsInstanceMultiAZ, rdsSnapshotPublic, rdsClusterStorageEncrypted,
	}
}

// rdsEngineName names a DB engine for messages ("MySQL").
func rdsEngineName(engine string) string {
	switch {
	case strings.Contains(engine, "aurora-mysql"), engine == "aurora":
		return "Aurora MySQL"
	case strings.Contains(engine, "aurora-postgresql"):
		return "Aurora PostgreSQL"
	case engine == "mysql":
		return "MySQL"
	case engine == "mariadb":
		return "MariaDB"
	case strings.Contains(engine, "postgres"):
		return "PostgreSQL"
	case strings.HasPrefix(engine, "oracle"):
		return "Oracle"
	case strings.HasPrefix(engine, "sqlserver"):
		return "SQL Server"
	case strings.HasPrefix(engine, "db2"):
		return "Db2"
	}
	return engine
}

// rdsIsMember reports whether the instance's storage, backups and
// availability are managed by its cluster, or it is a read replica.
func rdsIsMember(db *inventory.DBInstance) bool {
	return db.DBClusterIdentifier != "" || db.ReadReplicaSourceDBInstanceIdentifier != ""
}

// rdsBoolCheck runs a check that reads one boolean setting of each DB
// instance. skip says which instances it does not assess.
func rdsBoolCheck(c *Context, field string, get func(*inventory.DBInstance) *bool, skip func(*inventory.DBInstance) bool,
	pass, fail func(*inventory.DBInstance) string) {
	for a, r := range c.Regions() {
		for _, db := range r.Resources.DBInstances {
			if skip != nil && skip(db) {
				continue
			}
			loc, v := At(a, r, db), get(db)
			ev := Ev(db, field, v)
			switch {
			case v == nil:
				c.Unknown(loc, field+" was not read", ev)
			case *v:
				c.Pass(loc, pass(db), ev)
			default:
				c.Fail(loc, fail(db), ev)
			}
		}
	}
}

var rdsInstancePublicAccess = &Check{
	ID:           "rds-instance-public-access",
	Service:      "rds",
	Title:        "RDS DB instances are not publicly accessible",
	Severity:     finding.High,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "With PubliclyAccessible the instance's DNS name resolves to a public IP address, and the only " +
		"thing between the internet and the database listener is its security groups. One rule opened " +
		"\"temporarily\" to 0.0.0.0/0, or a default security group like the one in this estate, exposes the " +
		"engine to credential stuffing against the master user, to unpatched engine vulnerabilities, and to " +
		"Shodan-style scanners that index open MySQL and PostgreSQL ports within hours. A database should be " +
		"reachable only from the application tier inside the VPC (and administrators through SSM port " +
		"forwarding or a bastion), never directly from the web.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,PubliclyAccessible,Endpoint.Port,VpcSecurityGroups[].VpcSecurityGroupId]' " +
		"— PubliclyAccessible must be false; for any that is true, check the inbound rules of its security groups.",
	Remediation: Remediation{
		Summary: "Turn off public accessibility, move the instance to private subnets and allow the port only from the application's security group.",
		Console: "RDS > Databases > DB > Modify > Connectivity > Additional configuration > Not publicly accessible > Continue > Apply immediately.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  publicly_accessible    = false\n" +
			"  db_subnet_group_name   = aws_db_subnet_group.private.name\n  vpc_security_group_ids = [aws_security_group.db.id]\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.3.3"}, "5.0.0": {"2.2.3"}},
	Seed: []string{"public-database", "rds-security", "database-sensitive-data", "wordpress-posture"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "PubliclyAccessible", func(db *inventory.DBInstance) *bool {
			if db.PubliclyAccessible == nil {
				return nil
			}
			return inventory.Ptr(!*db.PubliclyAccessible) // pass when not public
		}, nil, func(db *inventory.DBInstance) string {
			if db.VPCID == "" {
				return "not publicly accessible: the endpoint resolves to a private address"
			}
			return "not publicly accessible: the endpoint resolves to a private address in " + db.VPCID
		}, rdsPublicMessage)
	},
}

// rdsPublicMessage says what a public instance exposes and what guards it.
func rdsPublicMessage(db *inventory.DBInstance) string {
	msg := "publicly accessible"
	port := ""
	if db.EndpointPort != 0 {
		port = fmt.Sprintf("TCP %d (%s)", db.EndpointPort, rdsEngineName(db.Engine))
	} else {
		port = rdsEngineName(db.Engine)
	}
	if db.EndpointAddress != "" {
		msg += ": " + db.EndpointAddress + " resolves to a public IP; " + port + " is reachable from the internet"
	} else {
		msg += ": " + port + " is reachable from the internet"
	}
	if len(db.VPCSecurityGroups) == 0 {
		return msg + " subject to security groups that were not read"
	}
	msg += " wherever security group(s) " + strings.Join(db.VPCSecurityGroups, ", ") + " allow it"
	if db.StorageEncrypted != nil && !*db.StorageEncrypted {
		msg += "; storage is also unencrypted"
	}
	return msg
}

var rdsInstanceStorageEncrypted = &Check{
	ID:           "rds-instance-storage-encrypted",
	Service:      "rds",
	Title:        "RDS DB instances encrypt their storage at rest",
	Severity:     finding.Medium,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "An unencrypted instance has unencrypted storage, automated backups, read replicas and " +
		"snapshots. Unencrypted snapshots can be shared with any account, or made public, by one " +
		"ModifyDBSnapshotAttribute call, and copied out without any key permission; encrypted ones cannot be " +
		"made public and a recipient also needs kms:Decrypt on the key. Encryption cannot be switched on for an " +
		"existing instance: it takes a snapshot, an encrypted copy and a restore, so catching it early matters. " +
		"With a customer managed key, disabling the key also cuts off every copy of the data.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,StorageEncrypted,KmsKeyId]' — StorageEncrypted must be true.",
	Remediation: Remediation{
		Summary: "Snapshot the instance, copy the snapshot with encryption (customer managed key), restore from it and switch clients over.",
		Console: "RDS > Snapshots > Take snapshot; then Actions > Copy snapshot > Enable encryption > choose the KMS key; then Actions > Restore snapshot.",
		CLI: "aws rds create-db-snapshot --db-instance-identifier DB --db-snapshot-identifier DB-pre-encrypt\n" +
			"aws rds copy-db-snapshot --source-db-snapshot-identifier DB-pre-encrypt --target-db-snapshot-identifier DB-encrypted --kms-key-id alias/rds-data\n" +
			"aws rds restore-db-instance-from-db-snapshot --db-instance-identifier DB-new --db-snapshot-identifier DB-encrypted",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.3.1"}, "5.0.0": {"2.2.1"}},
	Seed: []string{"rds-security", "encryption-at-rest-default", "database-sensitive-data", "data-at-rest"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "StorageEncrypted", func(db *inventory.DBInstance) *bool { return db.StorageEncrypted }, nil,
			func(db *inventory.DBInstance) string {
				return "storage is encrypted with " + orNone(db.KMSKeyID)
			}, func(db *inventory.DBInstance) string {
				return "storage is not encrypted: its automated backups and snapshots are not either, and can be shared or made public"
			})
	},
}

var rdsInstanceBackupRetention = &Check{
	ID:           "rds-instance-backup-retention",
	Service:      "rds",
	Title:        "RDS DB instances keep automated backups for at least 7 days",
	Severity:     finding.High,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "A backup retention period of 0 turns off automated backups and point-in-time recovery: a " +
		"DROP TABLE, a bad migration, a ransomware actor or a deleted instance leaves nothing to restore, so " +
		"the recovery point objective is \"never\". A short period (1 to 6 days) only protects against problems " +
		"noticed within days, while corruption and intrusions are typically found weeks later. Seven days is " +
		"the usual floor; keep longer-term copies in AWS Backup in another account. Read replicas and cluster " +
		"members take their backups from the source and are not assessed.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,BackupRetentionPeriod]' — at least 7.",
	Remediation: Remediation{
		Summary: "Set the backup retention period to 7 days or more (up to 35).",
		Console: "RDS > Databases > DB > Modify > Additional configuration > Backup > Backup retention period: 14 days > Continue > Apply immediately.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period 14 --apply-immediately",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  backup_retention_period = 14\n" +
			"  backup_window           = \"03:00-04:00\"\n  copy_tags_to_snapshot   = true\n}",
	},
	Seed: []string{"rto-rpo", "backup-security", "rds-security"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, db := range r.Resources.DBInstances {
				if rdsIsMember(db) {
					continue
				}
				loc, n := At(a, r, db), db.BackupRetentionPeriod
				ev := Ev(db, "BackupRetentionPeriod", n)
				switch {
				case n == nil:
					c.Unknown(loc, "BackupRetentionPeriod was not read", ev)
				case *n == 0:
					c.Fail(loc, "automated backups are off (retention 0 days): no point-in-time recovery, nothing to restore after deletion or corruption", ev)
				case *n < 7:
					c.FailAt(finding.Low, loc, fmt.Sprintf("automated backups are kept for only %d day(s), less than 7", *n), ev)
				default:
					c.Pass(loc, fmt.Sprintf("automated backups are kept for %d days", *n), ev)
				}
			}
		}
	},
}

var rdsInstanceDeletionProtection = &Check{
	ID:           "rds-instance-deletion-protection",
	Service:      "rds",
	Title:        "RDS DB instances have deletion protection enabled",
	Severity:     finding.Medium,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "Without deletion protection one DeleteDBInstance call, from a mistaken terraform destroy, a " +
		"script run against the wrong account or an attacker, removes the database, and with " +
		"--delete-automated-backups and --skip-final-snapshot its backups too. Deletion protection forces a " +
		"separate, deliberate ModifyDBInstance first, which is also a clear CloudTrail signal. Cluster members " +
		"are protected at the cluster level and are not assessed.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,DeletionProtection]' — must be true.",
	Remediation: Remediation{
		Summary: "Enable deletion protection.",
		Console: "RDS > Databases > DB > Modify > Additional configuration > Deletion protection: Enable > Continue > Apply immediately.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier DB --deletion-protection --apply-immediately",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  deletion_protection       = true\n" +
			"  skip_final_snapshot       = false\n  final_snapshot_identifier = \"DB-final\"\n}",
	},
	Seed: []string{"rds-security", "backup-security"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "DeletionProtection", func(db *inventory.DBInstance) *bool { return db.DeletionProtection },
			func(db *inventory.DBInstance) bool { return db.DBClusterIdentifier != "" },
			func(*inventory.DBInstance) string { return "deletion protection is enabled" },
			func(db *inventory.DBInstance) string {
				msg := "deletion protection is off: one DeleteDBInstance call removes it"
				if db.BackupRetentionPeriod != nil && *db.BackupRetentionPeriod == 0 {
					msg += ", and with automated backups off nothing would remain"
				}
				return msg
			})
	},
}

// rdsIAMAuthEngine reports whether the engine supports IAM database authentication.
func rdsIAMAuthEngine(engine string) bool {
	return engine == "mysql" || engine == "mariadb" || engine == "postgres" || strings.HasPrefix(engine, "aurora")
}

var rdsInstanceIAMAuth = &Check{
	ID:           "rds-instance-iam-auth",
	Service:      "rds",
	Title:        "RDS MySQL, MariaDB and PostgreSQL instances use IAM database authentication",
	Severity:     finding.Low,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "Database passwords live in configuration files, environment variables and developers' " +
		"laptops, rarely rotate, and keep working after the person or service that held them is gone. With IAM " +
		"database authentication applications connect with a 15-minute token generated from their IAM role: " +
		"nothing to leak or rotate, access is granted and revoked in IAM (rds-db:connect), every connection is " +
		"tied to an identity, and connections must use TLS. Engines without IAM authentication (Oracle, SQL " +
		"Server, Db2) are not assessed; use Secrets Manager rotation there.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,Engine,IAMDatabaseAuthenticationEnabled]' — must be true.",
	Remediation: Remediation{
		Summary: "Enable IAM database authentication and create database users that authenticate with AWSAuthenticationPlugin / rds_iam.",
		Console: "RDS > Databases > DB > Modify > Database authentication > Password and IAM database authentication > Continue.",
		CLI: "aws rds modify-db-instance --db-instance-identifier DB --enable-iam-database-authentication --apply-immediately\n" +
			"# MySQL: CREATE USER app IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS'; PostgreSQL: GRANT rds_iam TO app;",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  iam_database_authentication_enabled = true\n}",
	},
	Seed: []string{"rds-security", "database-sensitive-data"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "IAMDatabaseAuthenticationEnabled", func(db *inventory.DBInstance) *bool { return db.IAMDatabaseAuthenticationEnabled },
			func(db *inventory.DBInstance) bool { return !rdsIAMAuthEngine(db.Engine) },
			func(*inventory.DBInstance) string { return "IAM database authentication is enabled" },
			func(db *inventory.DBInstance) string {
				return "IAM database authentication is off: " + rdsEngineName(db.Engine) + " users authenticate with long-lived passwords only"
			})
	},
}

var rdsInstanceAutoMinorUpgrade = &Check{
	ID:           "rds-instance-auto-minor-upgrade",
	Service:      "rds",
	Title:        "RDS DB instances apply minor engine versions automatically",
	Severity:     finding.Low,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "Minor engine versions carry the security fixes for the database engine (MySQL, PostgreSQL " +
		"CVEs that allow privilege escalation or remote crashes). With auto minor version upgrade RDS applies " +
		"them in the maintenance window; without it instances drift until someone remembers, or until RDS " +
		"forces the upgrade when the version reaches end of support.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,EngineVersion,AutoMinorVersionUpgrade]' — must be true.",
	Remediation: Remediation{
		Summary: "Enable auto minor version upgrade and set a maintenance window.",
		Console: "RDS > Databases > DB > Modify > Maintenance > Auto minor version upgrade: Yes > Continue.",
		CLI:     "aws rds modify-db-instance --db-instance-identifier DB --auto-minor-version-upgrade --preferred-maintenance-window sun:04:00-sun:05:00",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  auto_minor_version_upgrade = true\n" +
			"  maintenance_window         = \"sun:04:00-sun:05:00\"\n}",
	},
	CIS:  map[string][]string{"3.0.0": {"2.3.2"}, "5.0.0": {"2.2.2"}},
	Seed: []string{"rds-security", "patch-management"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "AutoMinorVersionUpgrade", func(db *inventory.DBInstance) *bool { return db.AutoMinorVersionUpgrade }, nil,
			func(db *inventory.DBInstance) string {
				return "minor versions are applied automatically (now " + rdsEngineName(db.Engine) + " " + db.EngineVersion + ")"
			},
			func(db *inventory.DBInstance) string {
				return "auto minor version upgrade is off: " + rdsEngineName(db.Engine) + " " + db.EngineVersion + " gets engine security fixes only by hand"
			})
	},
}

var rdsInstanceMultiAZ = &Check{
	ID:           "rds-instance-multi-az",
	Service:      "rds",
	Title:        "RDS DB instances run Multi-AZ",
	Severity:     finding.Low,
	ResourceType: "AWS::RDS::DBInstance",
	Rationale: "A Single-AZ instance goes down with its Availability Zone, its host or its storage volume, " +
		"and recovery means a restore from backup: minutes to hours of downtime (RTO) and the loss of " +
		"everything since the last restorable time (RPO). Multi-AZ keeps a synchronous standby in another zone " +
		"and fails over automatically in one to two minutes without data loss; it also keeps the database up " +
		"during patching. Availability is part of security (the A in CIA). Read replicas and cluster members " +
		"are not assessed: their cluster or source decides.",
	Verify: "aws rds describe-db-instances --query 'DBInstances[].[DBInstanceIdentifier,MultiAZ]' — must be true for production databases.",
	Remediation: Remediation{
		Summary:   "Convert the instance to a Multi-AZ deployment.",
		Console:   "RDS > Databases > DB > Modify > Availability & durability > Create a standby instance > Continue > Apply immediately.",
		CLI:       "aws rds modify-db-instance --db-instance-identifier DB --multi-az --apply-immediately",
		Terraform: "resource \"aws_db_instance\" \"this\" {\n  # ...\n  multi_az = true\n}",
	},
	CIS:  map[string][]string{"5.0.0": {"2.2.4"}},
	Seed: []string{"rto-rpo", "rds-security"},
	Run: func(c *Context) {
		rdsBoolCheck(c, "MultiAZ", func(db *inventory.DBInstance) *bool { return db.MultiAZ }, rdsIsMember,
			func(*inventory.DBInstance) string {
				return "Multi-AZ: a synchronous standby runs in another Availability Zone"
			},
			func(*inventory.DBInstance) string {
				return "Single-AZ: an Availability Zone or host failure means a restore from backup, with downtime and data loss"
			})
	},
}

var rdsSnapshotPublic = &Check{
	ID:           "rds-snapshot-public",
	Service:      "rds",
	Title:        "RDS DB and cluster snapshots are not public",
	Severity:     finding.Critical,
	ResourceType: "AWS::RDS::DBSnapshot",
	Rationale: "A snapshot whose restore attribute holds \"all\" can be copied and restored by any AWS " +
		"account: the attacker gets a full copy of the database, every table and every password hash, runs it " +
		"in their own account, and leaves no trace in yours. Researchers regularly find thousands of public " +
		"RDS snapshots with production data. Only unencrypted snapshots can be made public. Sharing with " +
		"named accounts is legitimate (cross-account backup); sharing with accounts outside this estate is " +
		"reported at medium severity so it can be confirmed.",
	Verify: "aws rds describe-db-snapshot-attributes --db-snapshot-identifier SNAPSHOT (and describe-db-cluster-snapshot-attributes " +
		"for cluster snapshots) — the restore attribute must not contain \"all\".",
	Remediation: Remediation{
		Summary: "Remove \"all\" from the snapshot's restore attribute; share only with named accounts, encrypted with a customer managed key.",
		Console: "RDS > Snapshots > SNAPSHOT > Actions > Share snapshot > DB snapshot visibility: Private > Save.",
		CLI: "aws rds modify-db-snapshot-attribute --db-snapshot-identifier SNAPSHOT --attribute-name restore --values-to-remove all\n" +
			"aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier SNAPSHOT --attribute-name restore --values-to-remove all",
		Terraform: "# Snapshots shared by hand are not Terraform-managed: remove public sharing with the CLI, then prevent it with an SCP:\n" +
			"data \"aws_iam_policy_document\" \"deny_public_snapshots\" {\n  statement {\n    effect    = \"Deny\"\n" +
			"    actions   = [\"rds:ModifyDBSnapshotAttribute\", \"rds:ModifyDBClusterSnapshotAttribute\"]\n    resources = [\"*\"]\n" +
			"    condition {\n      test     = \"StringEquals\"\n      variable = \"rds:AddRestoreAttribute\"\n      values   = [\"all\"]\n    }\n  }\n}",
	},
	Seed: []string{"public-database", "database-sensitive-data", "rds-security", "backup-security"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, s := range r.Resources.DBSnapshots {
				loc := At(a, r, s)
				what := fmt.Sprintf("%s snapshot of %s taken %s", dpOrDefault(s.Kind, "DB"), orNone(s.SourceIdentifier), dpDate(s.SnapshotCreateTime))
				switch {
				case s.SnapshotType == "automated":
					c.Pass(loc, "automated "+what+": automated snapshots cannot be shared", Ev(s, "SnapshotType", s.SnapshotType))
				case s.Restore == nil:
					c.Unknown(loc, "the snapshot's restore attribute was not read", Ev(s, "restore", s.Restore))
				case s.Restore.Public:
					msg := "public: any AWS account can restore this " + what
					if s.Encrypted != nil && !*s.Encrypted {
						msg += " (unencrypted)"
					}
					c.Fail(loc, msg, Ev(s, "AttributeValues(restore)", append([]string{"all"}, s.Restore.SharedAccounts...)))
				default:
					var outside []string
					for _, id := range s.Restore.SharedAccounts {
						if c.Estate.Account(id) == nil {
							outside = append(outside, id)
						}
					}
					ev := Ev(s, "AttributeValues(restore)", s.Restore.SharedAccounts)
					switch {
					case len(outside) > 0:
						c.FailAt(finding.Medium, loc, "not public, but shared with account(s) outside this estate: "+strings.Join(outside, ", "), ev)
					case len(s.Restore.SharedAccounts) > 0:
						c.Pass(loc, "not public; shared only with estate account(s) "+strings.Join(s.Restore.SharedAccounts, ", "), ev)
					default:
						c.Pass(loc, "private: not shared with any account", ev)
					}
				}
			}
		}
	},
}

// dpOrDefault returns s, or def when s is empty.
func dpOrDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

var rdsClusterStorageEncrypted = &Check{
	ID:           "rds-cluster-storage-encrypted",
	Service:      "rds",
	Title:        "RDS DB clusters (Aurora, Multi-AZ clusters) encrypt their storage at rest",
	Severity:     finding.Medium,
	ResourceType: "AWS::RDS::DBCluster",
	Rationale: "Cluster storage is shared by every instance of an Aurora or Multi-AZ DB cluster, and its " +
		"encryption decides that of all backups and cluster snapshots. An unencrypted cluster snapshot can be " +
		"shared publicly and restored by anyone; an encrypted one cannot be made public and needs kms:Decrypt " +
		"on the key. Encryption can only be set when the cluster is created or restored.",
	Verify: "aws rds describe-db-clusters --query 'DBClusters[].[DBClusterIdentifier,StorageEncrypted,KmsKeyId]' — StorageEncrypted must be true.",
	Remediation: Remediation{
		Summary: "Snapshot the cluster, restore the snapshot into a new cluster with encryption and a customer managed key, and switch over.",
		Console: "RDS > Snapshots > the cluster snapshot > Actions > Restore snapshot > Encryption: Enable > choose the KMS key.",
		CLI: "aws rds create-db-cluster-snapshot --db-cluster-identifier CLUSTER --db-cluster-snapshot-identifier CLUSTER-pre-encrypt\n" +
			"aws rds restore-db-cluster-from-snapshot --db-cluster-identifier CLUSTER-new --snapshot-identifier CLUSTER-pre-encrypt " +
			"--engine aurora-postgresql --kms-key-id alias/rds-data",
		Terraform: "resource \"aws_rds_cluster\" \"this\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
	},
	Seed: []string{"rds-security", "encryption-at-rest-default", "database-sensitive-data", "data-at-rest"},
	Run: func(c *Context) {
		for a, r := range c.Regions() {
			for _, cl := range r.Resources.DBClusters {
				loc := At(a, r, cl)
				ev := Ev(cl, "StorageEncrypted", cl.StorageEncrypted)
				switch {
				case cl.StorageEncrypted == nil:
					c.Unknown(loc, "StorageEncrypted was not read", ev)
				case *cl.StorageEncrypted:
					c.Pass(loc, "cluster storage is encrypted with "+orNone(cl.KMSKeyID), ev)
				default:
					c.Fail(loc, fmt.Sprintf("%s cluster storage is not encrypted (%d member instance(s)); its snapshots can be shared or made public",
						rdsEngineName(cl.Engine), len(cl.Members)), ev)
				}
			}
		}
	},
}
