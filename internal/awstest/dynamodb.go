package awstest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Table is an in-memory DynamoDB table with a string partition key "pk"
// and string sort key "sk", served over the JSON 1.0 protocol: GetItem,
// PutItem, UpdateItem and Query (with Limit and LastEvaluatedKey paging).
// Expressions are the subset the alert store writes: SET and ADD update
// clauses; attribute_exists, attribute_not_exists and equality conditions
// joined by AND; key conditions "pk = :v" and "sk >= :v". Anything else is
// a ValidationException, so a test notices.
type Table struct {
	Name  string
	mu    sync.Mutex
	items map[string]map[string]any // "pk\x00sk" → attribute → {"S": …}
}

// ServeTable registers the DynamoDB item operations for one table.
func (s *Server) ServeTable(name string) *Table {
	t := &Table{Name: name, items: map[string]map[string]any{}}
	missing := &Error{Status: 400, Code: "ResourceNotFoundException", Message: "Requested resource not found"}
	check := func(r *Request) error {
		if r.String("TableName") != t.Name {
			return missing
		}
		return nil
	}
	s.Handle("dynamodb", "GetItem", func(r *Request) (any, error) {
		if err := check(r); err != nil {
			return nil, err
		}
		k, err := itemKey(r.Params["Key"])
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if item := t.items[k]; item != nil {
			return M{"Item": item}, nil
		}
		return M{}, nil
	})
	s.Handle("dynamodb", "PutItem", func(r *Request) (any, error) {
		if err := check(r); err != nil {
			return nil, err
		}
		item, _ := r.Params["Item"].(map[string]any)
		k, err := itemKey(item)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if err := condition(r, t.items[k]); err != nil {
			return nil, err
		}
		t.items[k] = item
		return M{}, nil
	})
	s.Handle("dynamodb", "UpdateItem", func(r *Request) (any, error) {
		if err := check(r); err != nil {
			return nil, err
		}
		keyAttrs, _ := r.Params["Key"].(map[string]any)
		k, err := itemKey(keyAttrs)
		if err != nil {
			return nil, err
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		old := t.items[k]
		if err := condition(r, old); err != nil {
			return nil, err
		}
		item := map[string]any{}
		for a, v := range old {
			item[a] = v
		}
		for a, v := range keyAttrs {
			item[a] = v
		}
		if err := update(r, item); err != nil {
			return nil, err
		}
		t.items[k] = item
		return M{}, nil
	})
	s.Handle("dynamodb", "Query", func(r *Request) (any, error) {
		if err := check(r); err != nil {
			return nil, err
		}
		values, _ := r.Params["ExpressionAttributeValues"].(map[string]any)
		var pk, from string
		for _, term := range strings.Split(r.String("KeyConditionExpression"), " AND ") {
			f := strings.Fields(term)
			switch {
			case len(f) == 3 && f[0] == "pk" && f[1] == "=":
				pk = attrString(values[f[2]])
			case len(f) == 3 && f[0] == "sk" && f[1] == ">=":
				from = attrString(values[f[2]])
			default:
				return nil, validation("unsupported key condition %q", term)
			}
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		var keys []string
		for k := range t.items {
			p, sk, _ := strings.Cut(k, "\x00")
			if p == pk && sk >= from {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		if start, ok := r.Params["ExclusiveStartKey"]; ok {
			sk, err := itemKey(start)
			if err != nil {
				return nil, err
			}
			i, _ := slices.BinarySearch(keys, sk)
			for i < len(keys) && keys[i] <= sk {
				i++
			}
			keys = keys[i:]
		}
		limit, _ := strconv.Atoi(r.String("Limit"))
		var last any
		if limit > 0 && len(keys) > limit {
			keys = keys[:limit]
			lk := t.items[keys[limit-1]]
			last = M{"pk": lk["pk"], "sk": lk["sk"]}
		}
		items := []any{}
		for _, k := range keys {
			items = append(items, t.items[k])
		}
		out := M{"Items": items, "Count": len(items), "ScannedCount": len(items)}
		if last != nil {
			out["LastEvaluatedKey"] = last
		}
		return out, nil
	})
	return t
}

// Len returns the number of items.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.items)
}

func validation(format string, args ...any) *Error {
	return &Error{Status: 400, Code: "ValidationException", Message: fmt.Sprintf(format, args...)}
}

func attrString(v any) string {
	m, _ := v.(map[string]any)
	for _, t := range []string{"S", "N", "B"} {
		if s, ok := m[t].(string); ok {
			return s
		}
	}
	return ""
}

func itemKey(v any) (string, error) {
	m, _ := v.(map[string]any)
	pk, sk := attrString(m["pk"]), attrString(m["sk"])
	if pk == "" || sk == "" {
		return "", validation("The provided key element does not match the schema")
	}
	return pk + "\x00" + sk, nil
}

func attrName(r *Request, name string) string {
	if strings.HasPrefix(name, "#") {
		names, _ := r.Params["ExpressionAttributeNames"].(map[string]any)
		if n, ok := names[name].(string); ok {
			return n
		}
	}
	return name
}

func condition(r *Request, item map[string]any) error {
	expr := r.String("ConditionExpression")
	if expr == "" {
		return nil
	}
	values, _ := r.Params["ExpressionAttributeValues"].(map[string]any)
	failed := &Error{Status: 400, Code: "ConditionalCheckFailedException", Message: "The conditional request failed"}
	for _, term := range strings.Split(expr, " AND ") {
		term = strings.TrimSpace(term)
		switch {
		case strings.HasPrefix(term, "attribute_exists(") && strings.HasSuffix(term, ")"):
			if item[attrName(r, term[len("attribute_exists("):len(term)-1])] == nil {
				return failed
			}
		case strings.HasPrefix(term, "attribute_not_exists(") && strings.HasSuffix(term, ")"):
			if item[attrName(r, term[len("attribute_not_exists("):len(term)-1])] != nil {
				return failed
			}
		default:
			f := strings.Fields(term)
			if len(f) != 3 || f[1] != "=" {
				return validation("unsupported condition %q", term)
			}
			if attrString(item[attrName(r, f[0])]) != attrString(values[f[2]]) {
				return failed
			}
		}
	}
	return nil
}

func update(r *Request, item map[string]any) error {
	values, _ := r.Params["ExpressionAttributeValues"].(map[string]any)
	expr := r.String("UpdateExpression")
	for expr != "" {
		var clause string
		i := strings.Index(expr[1:], " ADD ")
		j := strings.Index(expr[1:], " SET ")
		switch {
		case i >= 0 && (j < 0 || i < j):
			clause, expr = expr[:i+1], strings.TrimSpace(expr[i+1:])
		case j >= 0:
			clause, expr = expr[:j+1], strings.TrimSpace(expr[j+1:])
		default:
			clause, expr = expr, ""
		}
		verb, rest, _ := strings.Cut(strings.TrimSpace(clause), " ")
		for _, a := range strings.Split(rest, ",") {
			f := strings.Fields(strings.ReplaceAll(a, "=", " = "))
			switch {
			case verb == "SET" && len(f) == 3 && f[1] == "=":
				item[attrName(r, f[0])] = values[f[2]]
			case verb == "ADD" && len(f) == 2:
				name := attrName(r, f[0])
				cur, _ := strconv.ParseFloat(attrString(item[name]), 64)
				add, err := strconv.ParseFloat(attrString(values[f[1]]), 64)
				if err != nil {
					return validation("ADD needs a number")
				}
				item[name] = M{"N": strconv.FormatFloat(cur+add, 'f', -1, 64)}
			default:
				return validation("unsupported update %q", clause)
			}
		}
	}
	return nil
}
