#!/bin/sh
# Build the org-report Lambda function and deploy deploy/org-report/template.json.
# usage: deploy/org-report/deploy.sh STACK ARTIFACT_BUCKET Sender=... SesIdentity=... Recipients=a@x,b@y [Param=Value ...]
set -eu
if [ $# -lt 4 ]; then
	echo "usage: $0 STACK ARTIFACT_BUCKET Sender=ADDRESS SesIdentity=ADDRESS-OR-DOMAIN Recipients=ADDRESS[,ADDRESS...] [Param=Value ...]" >&2
	exit 2
fi
stack=$1 bucket=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/build"
(cd "$here/../.." && GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -trimpath -ldflags=-s -o "$here/build/bootstrap" ./cmd/orgreport-lambda)
(cd "$here/build" && rm -f bootstrap.zip && zip -q bootstrap.zip bootstrap)
aws cloudformation package --template-file "$here/template.json" --s3-bucket "$bucket" --use-json \
	--output-template-file "$here/build/packaged.json"
aws cloudformation deploy --template-file "$here/build/packaged.json" --stack-name "$stack" \
	--capabilities CAPABILITY_IAM --parameter-overrides "$@"
