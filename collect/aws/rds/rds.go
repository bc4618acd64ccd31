// Package rds collects RDS DB instances (AWS::RDS::DBInstance), DB clusters
// (AWS::RDS::DBCluster) and the account's own DB instance and DB cluster
// snapshots (AWS::RDS::DBSnapshot) with who may restore the manual ones.
package rds

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/awssec/awssec/collect"
	"github.com/awssec/awssec/inventory"
)

const (
	instanceType = "AWS::RDS::DBInstance"
	clusterType  = "AWS::RDS::DBCluster"
	snapshotType = "AWS::RDS::DBSnapshot"
)

// Service is the RDS collector.
var Service = collect.Service{
	Name:    "rds",
	Types:   []string{instanceType, clusterType, snapshotType},
	Collect: collectRDS,
	Operations: []string{
		"rds:DescribeDBInstances", "rds:DescribeDBClusters",
		"rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes",
		"rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshotAttributes",
	},
}

func collectRDS(ctx context.Context, s *collect.Scope) {
	client := rds.NewFromConfig(s.Config)
	if instances, err := describeInstances(ctx, s, client); err != nil {
		s.Gap(instanceType, "rds:DescribeDBInstances", err)
	} else {
		s.Region.Resources.DBInstances = instances
	}
	if clusters, err := describeClusters(ctx, s, client); err != nil {
		s.Gap(clusterType, "rds:DescribeDBClusters", err)
	} else {
		s.Region.Resources.DBClusters = clusters
	}
	// Instance and cluster snapshots share one type: if either list fails
	// the type is unknown in the region (a partial list would read as
	// "these are all the snapshots").
	snaps, err := describeSnapshots(ctx, s, client)
	if err != nil {
		s.Gap(snapshotType, "rds:DescribeDBSnapshots", err)
		return
	}
	clusterSnaps, err := describeClusterSnapshots(ctx, s, client)
	if err != nil {
		s.Gap(snapshotType, "rds:DescribeDBClusterSnapshots", err)
		return
	}
	s.Region.Resources.DBSnapshots = append(snaps, clusterSnaps...)
}

func describeInstances(ctx context.Context, s *collect.Scope, client *rds.Client) ([]*inventory.DBInstance, error) {
	var out []*inventory.DBInstance
	pages := rds.NewDescribeDBInstancesPaginator(client, &rds.DescribeDBInstancesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, db := range page.DBInstances {
			id := aws.ToString(db.DBInstanceIdentifier)
			in := &inventory.DBInstance{
				Meta:                                  s.Meta("rds:DescribeDBInstances", id, aws.ToString(db.DBInstanceArn), id),
				Engine:                                aws.ToString(db.Engine),
				EngineVersion:                         aws.ToString(db.EngineVersion),
				DBInstanceClass:                       aws.ToString(db.DBInstanceClass),
				DBInstanceStatus:                      aws.ToString(db.DBInstanceStatus),
				DBClusterIdentifier:                   aws.ToString(db.DBClusterIdentifier),
				ReadReplicaSourceDBInstanceIdentifier: aws.ToString(db.ReadReplicaSourceDBInstanceIdentifier),
				PubliclyAccessible:                    db.PubliclyAccessible,
				StorageEncrypted:                      db.StorageEncrypted,
				KMSKeyID:                              aws.ToString(db.KmsKeyId),
				BackupRetentionPeriod:                 toInt(db.BackupRetentionPeriod),
				DeletionProtection:                    db.DeletionProtection,
				IAMDatabaseAuthenticationEnabled:      db.IAMDatabaseAuthenticationEnabled,
				MultiAZ:                               db.MultiAZ,
				AutoMinorVersionUpgrade:               db.AutoMinorVersionUpgrade,
				VPCSecurityGroups:                     securityGroups(db.VpcSecurityGroups),
				CACertificateIdentifier:               aws.ToString(db.CACertificateIdentifier),
				InstanceCreateTime:                    aws.ToTime(db.InstanceCreateTime),
			}
			in.Tags = tags(db.TagList)
			if g := db.DBSubnetGroup; g != nil {
				in.DBSubnetGroupName, in.VPCID = aws.ToString(g.DBSubnetGroupName), aws.ToString(g.VpcId)
				for _, sn := range g.Subnets {
					in.SubnetIDs = append(in.SubnetIDs, aws.ToString(sn.SubnetIdentifier))
				}
			}
			if e := db.Endpoint; e != nil {
				in.EndpointAddress, in.EndpointPort = aws.ToString(e.Address), int(aws.ToInt32(e.Port))
			}
			out = append(out, in)
		}
	}
	return out, nil
}

func describeClusters(ctx context.Context, s *collect.Scope, client *rds.Client) ([]*inventory.DBCluster, error) {
	var out []*inventory.DBCluster
	pages := rds.NewDescribeDBClustersPaginator(client, &rds.DescribeDBClustersInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range page.DBClusters {
			id := aws.ToString(c.DBClusterIdentifier)
			cl := &inventory.DBCluster{
				Meta:                             s.Meta("rds:DescribeDBClusters", id, aws.ToString(c.DBClusterArn), id),
				Engine:                           aws.ToString(c.Engine),
				EngineVersion:                    aws.ToString(c.EngineVersion),
				EngineMode:                       aws.ToString(c.EngineMode),
				Status:                           aws.ToString(c.Status),
				PubliclyAccessible:               c.PubliclyAccessible,
				StorageEncrypted:                 c.StorageEncrypted,
				KMSKeyID:                         aws.ToString(c.KmsKeyId),
				BackupRetentionPeriod:            toInt(c.BackupRetentionPeriod),
				DeletionProtection:               c.DeletionProtection,
				IAMDatabaseAuthenticationEnabled: c.IAMDatabaseAuthenticationEnabled,
				MultiAZ:                          c.MultiAZ,
				AutoMinorVersionUpgrade:          c.AutoMinorVersionUpgrade,
				VPCSecurityGroups:                securityGroups(c.VpcSecurityGroups),
				DBSubnetGroup:                    aws.ToString(c.DBSubnetGroup),
				Endpoint:                         aws.ToString(c.Endpoint),
				Port:                             int(aws.ToInt32(c.Port)),
				ClusterCreateTime:                aws.ToTime(c.ClusterCreateTime),
			}
			cl.Tags = tags(c.TagList)
			for _, m := range c.DBClusterMembers {
				cl.Members = append(cl.Members, aws.ToString(m.DBInstanceIdentifier))
			}
			out = append(out, cl)
		}
	}
	return out, nil
}

// describeSnapshots lists the account's own DB instance snapshots (not
// those shared with it). Only manual snapshots can be shared or made
// public, so only their "restore" attribute is read; a failure leaves
// Restore nil (unknown).
func describeSnapshots(ctx context.Context, s *collect.Scope, client *rds.Client) ([]*inventory.DBSnapshot, error) {
	var out []*inventory.DBSnapshot
	pages := rds.NewDescribeDBSnapshotsPaginator(client, &rds.DescribeDBSnapshotsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sn := range page.DBSnapshots {
			snap := &inventory.DBSnapshot{
				Meta:               s.Meta("rds:DescribeDBSnapshots", aws.ToString(sn.DBSnapshotIdentifier), aws.ToString(sn.DBSnapshotArn), ""),
				Kind:               "instance",
				SourceIdentifier:   aws.ToString(sn.DBInstanceIdentifier),
				Engine:             aws.ToString(sn.Engine),
				SnapshotType:       aws.ToString(sn.SnapshotType),
				SnapshotCreateTime: aws.ToTime(sn.SnapshotCreateTime),
				Encrypted:          sn.Encrypted,
				KMSKeyID:           aws.ToString(sn.KmsKeyId),
			}
			snap.Tags = tags(sn.TagList)
			if snap.SnapshotType == "manual" {
				attrs, err := client.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: sn.DBSnapshotIdentifier})
				if err == nil && attrs.DBSnapshotAttributesResult != nil {
					for _, a := range attrs.DBSnapshotAttributesResult.DBSnapshotAttributes {
						if aws.ToString(a.AttributeName) == "restore" {
							snap.Restore = restore(a.AttributeValues)
						}
					}
				}
			}
			out = append(out, snap)
		}
	}
	return out, nil
}

// describeClusterSnapshots is describeSnapshots for DB cluster snapshots.
func describeClusterSnapshots(ctx context.Context, s *collect.Scope, client *rds.Client) ([]*inventory.DBSnapshot, error) {
	var out []*inventory.DBSnapshot
	pages := rds.NewDescribeDBClusterSnapshotsPaginator(client, &rds.DescribeDBClusterSnapshotsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sn := range page.DBClusterSnapshots {
			snap := &inventory.DBSnapshot{
				Meta:               s.Meta("rds:DescribeDBClusterSnapshots", aws.ToString(sn.DBClusterSnapshotIdentifier), aws.ToString(sn.DBClusterSnapshotArn), ""),
				Kind:               "cluster",
				SourceIdentifier:   aws.ToString(sn.DBClusterIdentifier),
				Engine:             aws.ToString(sn.Engine),
				SnapshotType:       aws.ToString(sn.SnapshotType),
				SnapshotCreateTime: aws.ToTime(sn.SnapshotCreateTime),
				Encrypted:          sn.StorageEncrypted,
				KMSKeyID:           aws.ToString(sn.KmsKeyId),
			}
			snap.Tags = tags(sn.TagList)
			if snap.SnapshotType == "manual" {
				attrs, err := client.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: sn.DBClusterSnapshotIdentifier})
				if err == nil && attrs.DBClusterSnapshotAttributesResult != nil {
					for _, a := range attrs.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
						if aws.ToString(a.AttributeName) == "restore" {
							snap.Restore = restore(a.AttributeValues)
						}
					}
				}
			}
			out = append(out, snap)
		}
	}
	return out, nil
}

// restore reads the values of a snapshot's "restore" attribute: "all"
// makes it public, the others are account ids it is shared with.
func restore(values []string) *inventory.DBSnapshotRestore {
	r := &inventory.DBSnapshotRestore{}
	for _, v := range values {
		if v == "all" {
			r.Public = true
		} else {
			r.SharedAccounts = append(r.SharedAccounts, v)
		}
	}
	return r
}

func securityGroups(groups []types.VpcSecurityGroupMembership) []string {
	var out []string
	for _, g := range groups {
		out = append(out, aws.ToString(g.VpcSecurityGroupId))
	}
	return out
}

func tags(list []types.Tag) map[string]string {
	if len(list) == 0 {
		return nil
	}
	out := make(map[string]string, len(list))
	for _, t := range list {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}

func toInt(v *int32) *int {
	if v == nil {
		return nil
	}
	return aws.Int(int(*v))
}
