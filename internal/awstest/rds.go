package awstest

import (
	"maps"
	"slices"
	"time"

	"github.com/awssec/awssec/inventory"
)

// registerRDS serves the region's DB instances, clusters and snapshots
// (AWS query, named list members such as <DBInstances><DBInstance>, Marker
// paging).
func registerRDS(s *Server) {
	region := func(r *Request) *inventory.Region {
		_, reg := r.Scope(s)
		if reg == nil {
			return &inventory.Region{}
		}
		return reg
	}
	s.Handle("rds", "DescribeDBInstances", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.DBInstances, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, db := range page {
			items = append(items, rdsInstance(db))
		}
		return M{"DBInstances": List{Member: "DBInstance", Items: items}, "Marker": nilIfEmpty(next)}, nil
	})
	s.Handle("rds", "DescribeDBClusters", func(r *Request) (any, error) {
		page, next, err := Page(region(r).Resources.DBClusters, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, c := range page {
			items = append(items, rdsCluster(c))
		}
		return M{"DBClusters": List{Member: "DBCluster", Items: items}, "Marker": nilIfEmpty(next)}, nil
	})
	snapshots := func(r *Request, kind string) []*inventory.DBSnapshot {
		var out []*inventory.DBSnapshot
		for _, sn := range region(r).Resources.DBSnapshots {
			if sn.Kind == kind {
				out = append(out, sn)
			}
		}
		return out
	}
	s.Handle("rds", "DescribeDBSnapshots", func(r *Request) (any, error) {
		page, next, err := Page(snapshots(r, "instance"), r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, sn := range page {
			items = append(items, M{"DBSnapshotIdentifier": sn.ID, "DBSnapshotArn": sn.ARN, "DBInstanceIdentifier": sn.SourceIdentifier,
				"Engine": sn.Engine, "SnapshotType": sn.SnapshotType, "SnapshotCreateTime": rdsTime(sn.SnapshotCreateTime),
				"Encrypted": rdsBool(sn.Encrypted), "KmsKeyId": rdsStr(sn.KMSKeyID), "Status": "available", "TagList": rdsTags(sn.Tags)})
		}
		return M{"DBSnapshots": List{Member: "DBSnapshot", Items: items}, "Marker": nilIfEmpty(next)}, nil
	})
	s.Handle("rds", "DescribeDBClusterSnapshots", func(r *Request) (any, error) {
		page, next, err := Page(snapshots(r, "cluster"), r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		var items []any
		for _, sn := range page {
			items = append(items, M{"DBClusterSnapshotIdentifier": sn.ID, "DBClusterSnapshotArn": sn.ARN, "DBClusterIdentifier": sn.SourceIdentifier,
				"Engine": sn.Engine, "SnapshotType": sn.SnapshotType, "SnapshotCreateTime": rdsTime(sn.SnapshotCreateTime),
				"StorageEncrypted": rdsBool(sn.Encrypted), "KmsKeyId": rdsStr(sn.KMSKeyID), "Status": "available", "TagList": rdsTags(sn.Tags)})
		}
		return M{"DBClusterSnapshots": List{Member: "DBClusterSnapshot", Items: items}, "Marker": nilIfEmpty(next)}, nil
	})
	// The snapshot attribute calls answer for a snapshot whose Restore the
	// estate knows; nil Restore on a manual snapshot means "not read".
	findSnapshot := func(r *Request, kind, id string) (*inventory.DBSnapshot, error) {
		for _, sn := range snapshots(r, kind) {
			if sn.ID == id || sn.ARN == id {
				if sn.Restore == nil && sn.SnapshotType == "manual" {
					return nil, AccessDenied(Query)
				}
				return sn, nil
			}
		}
		if kind == "cluster" {
			return nil, NotFound("DBClusterSnapshotNotFoundFault", "DBClusterSnapshot "+id+" not found.")
		}
		return nil, NotFound("DBSnapshotNotFound", "DBSnapshot "+id+" not found.")
	}
	s.Handle("rds", "DescribeDBSnapshotAttributes", func(r *Request) (any, error) {
		sn, err := findSnapshot(r, "instance", r.String("DBSnapshotIdentifier"))
		if err != nil {
			return nil, err
		}
		return M{"DBSnapshotAttributesResult": M{"DBSnapshotIdentifier": sn.ID,
			"DBSnapshotAttributes": List{Member: "DBSnapshotAttribute", Items: []any{restoreAttribute(sn.Restore)}}}}, nil
	})
	s.Handle("rds", "DescribeDBClusterSnapshotAttributes", func(r *Request) (any, error) {
		sn, err := findSnapshot(r, "cluster", r.String("DBClusterSnapshotIdentifier"))
		if err != nil {
			return nil, err
		}
		return M{"DBClusterSnapshotAttributesResult": M{"DBClusterSnapshotIdentifier": sn.ID,
			"DBClusterSnapshotAttributes": List{Member: "DBClusterSnapshotAttribute", Items: []any{restoreAttribute(sn.Restore)}}}}, nil
	})
}

func rdsInstance(db *inventory.DBInstance) M {
	m := M{
		"DBInstanceIdentifier": db.ID, "DBInstanceArn": db.ARN, "Engine": db.Engine, "EngineVersion": db.EngineVersion,
		"DBInstanceClass": db.DBInstanceClass, "DBInstanceStatus": db.DBInstanceStatus,
		"DBClusterIdentifier":                   rdsStr(db.DBClusterIdentifier),
		"ReadReplicaSourceDBInstanceIdentifier": rdsStr(db.ReadReplicaSourceDBInstanceIdentifier),
		"PubliclyAccessible":                    rdsBool(db.PubliclyAccessible), "StorageEncrypted": rdsBool(db.StorageEncrypted),
		"KmsKeyId": rdsStr(db.KMSKeyID), "BackupRetentionPeriod": rdsInt(db.BackupRetentionPeriod),
		"DeletionProtection": rdsBool(db.DeletionProtection), "IAMDatabaseAuthenticationEnabled": rdsBool(db.IAMDatabaseAuthenticationEnabled),
		"MultiAZ": rdsBool(db.MultiAZ), "AutoMinorVersionUpgrade": rdsBool(db.AutoMinorVersionUpgrade),
		"VpcSecurityGroups":       rdsSecurityGroups(db.VPCSecurityGroups),
		"CACertificateIdentifier": rdsStr(db.CACertificateIdentifier), "InstanceCreateTime": rdsTime(db.InstanceCreateTime),
		"TagList": rdsTags(db.Tags),
	}
	if db.DBSubnetGroupName != "" || db.VPCID != "" || len(db.SubnetIDs) > 0 {
		var subnets []any
		for _, id := range db.SubnetIDs {
			subnets = append(subnets, M{"SubnetIdentifier": id, "SubnetStatus": "Active"})
		}
		g := M{"DBSubnetGroupName": rdsStr(db.DBSubnetGroupName), "VpcId": rdsStr(db.VPCID), "SubnetGroupStatus": "Complete"}
		if subnets != nil {
			g["Subnets"] = List{Member: "Subnet", Items: subnets}
		}
		m["DBSubnetGroup"] = g
	}
	if db.EndpointAddress != "" || db.EndpointPort != 0 {
		m["Endpoint"] = M{"Address": rdsStr(db.EndpointAddress), "Port": db.EndpointPort}
	}
	return m
}

func rdsCluster(c *inventory.DBCluster) M {
	m := M{
		"DBClusterIdentifier": c.ID, "DBClusterArn": c.ARN, "Engine": c.Engine, "EngineVersion": c.EngineVersion,
		"EngineMode": rdsStr(c.EngineMode), "Status": c.Status,
		"PubliclyAccessible": rdsBool(c.PubliclyAccessible), "StorageEncrypted": rdsBool(c.StorageEncrypted),
		"KmsKeyId": rdsStr(c.KMSKeyID), "BackupRetentionPeriod": rdsInt(c.BackupRetentionPeriod),
		"DeletionProtection": rdsBool(c.DeletionProtection), "IAMDatabaseAuthenticationEnabled": rdsBool(c.IAMDatabaseAuthenticationEnabled),
		"MultiAZ": rdsBool(c.MultiAZ), "AutoMinorVersionUpgrade": rdsBool(c.AutoMinorVersionUpgrade),
		"VpcSecurityGroups": rdsSecurityGroups(c.VPCSecurityGroups), "DBSubnetGroup": rdsStr(c.DBSubnetGroup),
		"Endpoint": rdsStr(c.Endpoint), "ClusterCreateTime": rdsTime(c.ClusterCreateTime), "TagList": rdsTags(c.Tags),
	}
	if c.Port != 0 {
		m["Port"] = c.Port
	}
	if len(c.Members) > 0 {
		var members []any
		for i, id := range c.Members {
			members = append(members, M{"DBInstanceIdentifier": id, "IsClusterWriter": i == 0, "PromotionTier": 1})
		}
		m["DBClusterMembers"] = List{Member: "DBClusterMember", Items: members}
	}
	return m
}

// restoreAttribute is a snapshot's "restore" attribute: "all" when public,
// and the account ids it is shared with.
func restoreAttribute(r *inventory.DBSnapshotRestore) M {
	var values []any
	if r != nil {
		if r.Public {
			values = append(values, "all")
		}
		for _, a := range r.SharedAccounts {
			values = append(values, a)
		}
	}
	attr := M{"AttributeName": "restore"}
	if values != nil {
		attr["AttributeValues"] = List{Member: "AttributeValue", Items: values}
	}
	return attr
}

func rdsSecurityGroups(ids []string) any {
	if len(ids) == 0 {
		return nil
	}
	var items []any
	for _, id := range ids {
		items = append(items, M{"VpcSecurityGroupId": id, "Status": "active"})
	}
	return List{Member: "VpcSecurityGroupMembership", Items: items}
}

func rdsTags(tags map[string]string) any {
	if len(tags) == 0 {
		return nil
	}
	var items []any
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		items = append(items, M{"Key": k, "Value": tags[k]})
	}
	return List{Member: "Tag", Items: items}
}

// rdsStr, rdsBool, rdsInt and rdsTime leave unset values out of a response,
// as AWS omits the members it has no value for.
func rdsStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

func rdsBool(v *bool) any {
	if v == nil {
		return nil
	}
	return *v
}

func rdsInt(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

func rdsTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
