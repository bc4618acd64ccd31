package ids_test

import (
	"fmt"

	"github.com/awssec/awssec/iam/ids"
)

func ExampleParse() {
	for _, id := range []string{"ASIAY34FZKBOKMUTVV7A", "AIDAJQABLZS4A3QDU576Q", "AKIAIOSFODNN7EXAMPLE"} {
		info, err := ids.Parse(id)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %s (credential %v, principal %v)\n", id, info.Summary(), info.Credential, info.Principal)
	}
	// Output:
	// ASIAY34FZKBOKMUTVV7A: access key id of temporary credentials issued by AWS STS, account 609629065308 (credential true, principal false)
	// AIDAJQABLZS4A3QDU576Q: unique id of an IAM user (its principal id) (credential false, principal true)
	// AKIAIOSFODNN7EXAMPLE: access key id of a long-term access key (an IAM user's or the root user's) (credential true, principal false)
}

func ExampleKeyAccount() {
	account, _, ok := ids.KeyAccount("AKIARZPUZDIKGB2VALC4")
	fmt.Println(account, ok)
	_, legacy, ok := ids.KeyAccount("AKIAIOSFODNN7EXAMPLE")
	fmt.Println(legacy, ok)
	// Output:
	// 123456789012 true
	// true false
}
