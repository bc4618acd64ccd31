package awstest

import (
	"encoding/base64"
	"sync"
	"time"
)

// parameters holds the Parameter Store parameters each server serves.
var parameters = struct {
	sync.Mutex
	byServer map[*Server]map[string]ssmParameter
}{byServer: map[*Server]map[string]ssmParameter{}}

type ssmParameter struct {
	typ, value string
	modified   time.Time
}

// ServeParameter serves a SecureString parameter through GetParameter
// (JSON 1.1, AmazonSSM). As Parameter Store does, the value comes back in
// clear text only when the request asks WithDecryption; otherwise the
// answer carries an opaque ciphertext, so a caller that forgets to decrypt
// sees a value it cannot parse. A name the server does not hold answers
// ParameterNotFound.
func (s *Server) ServeParameter(name, value string) {
	s.serveParameter(name, "SecureString", value)
}

// ServeStringParameter serves a plain String parameter.
func (s *Server) ServeStringParameter(name, value string) {
	s.serveParameter(name, "String", value)
}

func (s *Server) serveParameter(name, typ, value string) {
	parameters.Lock()
	defer parameters.Unlock()
	if parameters.byServer[s] == nil {
		parameters.byServer[s] = map[string]ssmParameter{}
		s.t.Cleanup(func() {
			parameters.Lock()
			defer parameters.Unlock()
			delete(parameters.byServer, s)
		})
		s.Handle("ssm", "GetParameter", func(r *Request) (any, error) {
			name := r.String("Name")
			parameters.Lock()
			p, ok := parameters.byServer[s][name]
			parameters.Unlock()
			if !ok {
				return nil, &Error{Status: 400, Code: "ParameterNotFound", Message: ""}
			}
			value := p.value
			if p.typ == "SecureString" && r.Params["WithDecryption"] != true {
				value = base64.StdEncoding.EncodeToString(append([]byte("awstest-kms-ciphertext:"), p.value...))
			}
			return M{"Parameter": M{"Name": name, "Type": p.typ, "Value": value, "Version": 1, "DataType": "text",
				"LastModifiedDate": p.modified,
				"ARN":              "arn:aws:ssm:" + r.Region + ":" + r.Account + ":parameter/" + trimSlash(name)}}, nil
		})
	}
	parameters.byServer[s][name] = ssmParameter{typ: typ, value: value, modified: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// trimSlash drops the leading slash of a hierarchical parameter name, as
// parameter ARNs do.
func trimSlash(name string) string {
	if len(name) > 0 && name[0] == '/' {
		return name[1:]
	}
	return name
}
