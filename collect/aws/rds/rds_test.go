package rds_test

import (
	"testing"

	"github.com/awssec/awssec/collect/aws/rds"
	"github.com/awssec/awssec/demo"
	"github.com/awssec/awssec/internal/awstest"
	"github.com/awssec/awssec/inventory"
)

// collectProdEast collects RDS in the demo's prod us-east-1 (three
// instances, a cluster, two instance snapshots and a cluster snapshot)
// with the given faults.
func collectProdEast(t *testing.T, faults ...awstest.Fault) *inventory.Region {
	t.Helper()
	srv := awstest.Demo(t, faults...)
	srv.PageSize = 2
	return srv.Collect(t, rds.Service, demo.ProdAccount, "us-east-1").Regions[0]
}

func TestInstancesDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "rds", Op: "DescribeDBInstances", Err: awstest.AccessDenied(awstest.Query)})
	if r.Resources.DBInstances != nil {
		t.Errorf("instances collected despite the failed list: %v", r.Resources.DBInstances)
	}
	g, ok := inventory.GapFor(r.Gaps, "AWS::RDS::DBInstance")
	if !ok || g.Call != "rds:DescribeDBInstances" || g.Code != "AccessDenied" {
		t.Errorf("want an AccessDenied gap on DescribeDBInstances, got %+v", r.Gaps)
	}
	if len(r.Resources.DBClusters) != 1 || len(r.Resources.DBSnapshots) != 3 {
		t.Errorf("the other types must still be collected: %d clusters, %d snapshots", len(r.Resources.DBClusters), len(r.Resources.DBSnapshots))
	}
}

func TestClusterSnapshotsDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "rds", Op: "DescribeDBClusterSnapshots", Err: awstest.AccessDenied(awstest.Query)})
	// Instance snapshots alone would read as the complete list.
	if r.Resources.DBSnapshots != nil {
		t.Errorf("snapshots collected despite a failed list: %d", len(r.Resources.DBSnapshots))
	}
	if g, ok := inventory.GapFor(r.Gaps, "AWS::RDS::DBSnapshot"); !ok || g.Call != "rds:DescribeDBClusterSnapshots" {
		t.Errorf("want a gap on DescribeDBClusterSnapshots, got %+v", r.Gaps)
	}
}

func TestSnapshotAttributesDenied(t *testing.T) {
	r := collectProdEast(t, awstest.Fault{Service: "rds", Op: "DescribeDBSnapshotAttributes", Err: awstest.AccessDenied(awstest.Query)})
	if len(r.Gaps) != 0 {
		t.Errorf("a detail call must not gap the type: %+v", r.Gaps)
	}
	var manual, cluster *inventory.DBSnapshot
	for _, s := range r.Resources.DBSnapshots {
		switch s.ID {
		case "orders-db-pre-upgrade-16":
			manual = s
		case "analytics-aurora-before-reindex":
			cluster = s
		}
	}
	if manual == nil || manual.Restore != nil {
		t.Errorf("manual snapshot: want it collected with Restore unknown (nil), got %+v", manual)
	}
	if cluster == nil || cluster.Restore == nil || cluster.Restore.Public || cluster.Restore.SharedAccounts != nil {
		t.Errorf("cluster snapshot: want its restore attribute read (private), got %+v", cluster)
	}
}

func TestPublicSnapshot(t *testing.T) {
	snaps := awstest.Demo(t).Collect(t, rds.Service, demo.DevAccount, "us-east-1").Regions[0].Resources.DBSnapshots
	if len(snaps) != 1 || snaps[0].Restore == nil || !snaps[0].Restore.Public {
		t.Errorf("want the customer export public, got %+v", snaps)
	}
}
