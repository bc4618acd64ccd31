package awstest

import (
	"strings"

	"github.com/awssec/awssec/inventory"
)

// registerLambda serves the region's Lambda functions (REST-JSON): the
// function list, resource policies, function URLs and reserved concurrency.
func registerLambda(s *Server) {
	functions := func(r *Request) []*inventory.LambdaFunction {
		if _, reg := r.Scope(s); reg != nil {
			return reg.Resources.LambdaFunctions
		}
		return nil
	}
	find := func(r *Request) (*inventory.LambdaFunction, error) {
		name := r.String("FunctionName")
		for _, f := range functions(r) {
			if f.ID == name || f.ARN == name {
				return f, nil
			}
		}
		return nil, NotFound("ResourceNotFoundException", "Function not found: "+name)
	}
	s.Route("lambda", "GET", "/2015-03-31/functions", "ListFunctions", func(r *Request) (any, error) {
		page, next, err := Page(functions(r), r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, f := range page {
			list = append(list, lambdaFunctionConfiguration(f))
		}
		return M{"Functions": list, "NextMarker": nilIfEmpty(next)}, nil
	})
	s.Route("lambda", "GET", "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy", func(r *Request) (any, error) {
		f, err := find(r)
		if err != nil {
			return nil, err
		}
		switch {
		case f.Policy == nil:
			return nil, AccessDenied(RESTJSON)
		case *f.Policy == "":
			// A function without a resource-based policy.
			return nil, NotFound("ResourceNotFoundException", "The resource you requested does not exist.")
		}
		return M{"Policy": *f.Policy, "RevisionId": "11111111-2222-3333-4444-555555555555"}, nil
	})
	s.Route("lambda", "GET", "/2021-10-31/functions/{FunctionName}/urls", "ListFunctionUrlConfigs", func(r *Request) (any, error) {
		f, err := find(r)
		if err != nil {
			return nil, err
		}
		if f.FunctionURLs == nil {
			return nil, AccessDenied(RESTJSON)
		}
		page, next, err := Page(*f.FunctionURLs, r.String("Marker"), s.PageSize)
		if err != nil {
			return nil, err
		}
		list := []any{}
		for _, u := range page {
			arn := f.ARN
			if u.Qualifier != "" {
				arn += ":" + u.Qualifier // a URL that invokes an alias
			}
			c := M{"FunctionUrl": u.URL, "FunctionArn": arn, "AuthType": u.AuthType, "InvokeMode": "BUFFERED",
				"CreationTime": "2024-01-01T00:00:00.000Z", "LastModifiedTime": "2024-01-01T00:00:00.000Z"}
			if u.CORS != nil {
				c["Cors"] = M{"AllowOrigins": u.CORS.AllowOrigins, "AllowMethods": u.CORS.AllowMethods, "AllowCredentials": u.CORS.AllowCredentials}
			}
			list = append(list, c)
		}
		return M{"FunctionUrlConfigs": list, "NextMarker": nilIfEmpty(next)}, nil
	})
	s.Route("lambda", "GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency", func(r *Request) (any, error) {
		f, err := find(r)
		if err != nil {
			return nil, err
		}
		if !f.Known("reservedConcurrentExecutions") {
			return nil, AccessDenied(RESTJSON)
		}
		if f.ReservedConcurrentExecutions == nil {
			return M{}, nil // nothing reserved
		}
		return M{"ReservedConcurrentExecutions": *f.ReservedConcurrentExecutions}, nil
	})
}

// lambdaFunctionConfiguration is a function as ListFunctions returns it.
// The inventory keeps no environment values, so the double makes up values
// of the recorded kinds; a function whose environment was not read answers
// with the error Lambda gives when it cannot decrypt the variables.
func lambdaFunctionConfiguration(f *inventory.LambdaFunction) M {
	c := M{"FunctionName": f.ID, "FunctionArn": f.ARN, "Runtime": nilIfEmpty(f.Runtime), "PackageType": nilIfEmpty(f.PackageType),
		"Handler": nilIfEmpty(f.Handler), "Role": f.Role, "Architectures": f.Architectures, "MemorySize": f.MemorySize, "Timeout": f.Timeout,
		"KMSKeyArn": nilIfEmpty(f.KMSKeyARN), "Version": "$LATEST", "State": "Active", "LastUpdateStatus": "Successful",
		"LastModified": f.LastModified.UTC().Format("2006-01-02T15:04:05.000-0700")}
	if f.TracingMode != "" {
		c["TracingConfig"] = M{"Mode": f.TracingMode}
	}
	if f.DeadLetterTargetARN != "" {
		c["DeadLetterConfig"] = M{"TargetArn": f.DeadLetterTargetARN}
	}
	if v := f.VPCConfig; v != nil {
		c["VpcConfig"] = M{"VpcId": v.VPCID, "SubnetIds": v.SubnetIDs, "SecurityGroupIds": v.SecurityGroupIDs, "Ipv6AllowedForDualStack": false}
	}
	switch {
	case f.Environment == nil:
		c["Environment"] = M{"Error": M{"ErrorCode": "AccessDeniedException",
			"Message": "Lambda was unable to decrypt the environment variables because KMS access was denied."}}
	case len(*f.Environment) > 0:
		vars := M{}
		for _, v := range *f.Environment {
			vars[v.Name] = lambdaEnvValue(v)
		}
		c["Environment"] = M{"Variables": vars}
	}
	return c
}

// lambdaEnvValue makes up a value that inventory.ClassifyEnvVar puts in the
// variable's recorded kind. None is a real secret.
func lambdaEnvValue(v inventory.LambdaEnvVar) string {
	candidates := map[string]string{
		"":                  "x",
		"reference":         "arn:aws:secretsmanager:us-east-1:000000000000:secret:awstest-AbCdEf",
		"aws-access-key-id": "AKIAAWSTESTEXAMPLE23",
		"token":             "ghp_awstestawstestawstestawstest",
		"private-key":       "-----BEGIN PRIVATE KEY-----\nawstest\n-----END PRIVATE KEY-----",
		"connection-string": "postgres://awstest:awstest@db.example.com/app",
	}
	if c, ok := candidates[v.Kind]; ok && inventory.ClassifyEnvVar(v.Name, c) == v.Kind {
		return c
	}
	// The kinds found by the variable's name: any long, patternless value.
	return "awstest-" + strings.Repeat("0", 24)
}
