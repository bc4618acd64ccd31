package inventory

// DBInstance is an AWS::RDS::DBInstance.
type DBInstance struct {
	Meta `json:",inline"`
}

// Type returns "AWS::RDS::DBInstance".
func (*DBInstance) Type() string { return "AWS::RDS::DBInstance" }

// DBCluster is an AWS::RDS::DBCluster.
type DBCluster struct {
	Meta `json:",inline"`
}

// Type returns "AWS::RDS::DBCluster".
func (*DBCluster) Type() string { return "AWS::RDS::DBCluster" }

// DBSnapshot is an AWS::RDS::DBSnapshot.
type DBSnapshot struct {
	Meta `json:",inline"`
}

// Type returns "AWS::RDS::DBSnapshot".
func (*DBSnapshot) Type() string { return "AWS::RDS::DBSnapshot" }
