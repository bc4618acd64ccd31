package inventory

// RestAPI is an AWS::ApiGateway::RestApi.
type RestAPI struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ApiGateway::RestApi".
func (*RestAPI) Type() string { return "AWS::ApiGateway::RestApi" }

// RestAPIStage is an AWS::ApiGateway::Stage.
type RestAPIStage struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ApiGateway::Stage".
func (*RestAPIStage) Type() string { return "AWS::ApiGateway::Stage" }

// HTTPAPI is an AWS::ApiGatewayV2::Api.
type HTTPAPI struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ApiGatewayV2::Api".
func (*HTTPAPI) Type() string { return "AWS::ApiGatewayV2::Api" }

// HTTPAPIStage is an AWS::ApiGatewayV2::Stage.
type HTTPAPIStage struct {
	Meta `json:",inline"`
}

// Type returns "AWS::ApiGatewayV2::Stage".
func (*HTTPAPIStage) Type() string { return "AWS::ApiGatewayV2::Stage" }
