package model

import (
	"io"
	"strconv"

	"go.yaml.in/yaml/v4"
)

// Encode writes the model in the YAML form Parse reads: one line per data
// entry, boundary, element, flow and threat status, so a derived model is
// easy to review and edit by hand.
func Encode(w io.Writer, m *Model) error {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(key string, v *yaml.Node) {
		root.Content = append(root.Content, scalar(key), v)
	}
	if m.Title != "" {
		add("title", scalar(m.Title))
	}
	if m.Description != "" {
		add("description", scalar(m.Description))
	}
	if len(m.Data) > 0 {
		seq := block()
		for _, d := range m.Data {
			it := flowMap()
			kv(it, "id", d.ID)
			kv(it, "name", d.Name)
			kv(it, "classification", d.Classification.String())
			kv(it, "description", d.Description)
			seq.Content = append(seq.Content, it)
		}
		add("data", seq)
	}
	if len(m.Boundaries) > 0 {
		seq := block()
		for _, b := range m.Boundaries {
			it := flowMap()
			kv(it, "id", b.ID)
			kv(it, "name", b.Name)
			kv(it, "kind", b.Kind)
			kv(it, "parent", b.Parent)
			seq.Content = append(seq.Content, it)
		}
		add("boundaries", seq)
	}
	seq := block()
	for _, e := range m.Elements {
		seq.Content = append(seq.Content, elementNode(e))
	}
	add("elements", seq)
	if len(m.Flows) > 0 {
		seq := block()
		for _, f := range m.Flows {
			it := flowMap()
			kv(it, "id", f.ID)
			kv(it, "name", f.Name)
			kv(it, "from", f.From)
			kv(it, "to", f.To)
			kv(it, "protocol", f.Protocol)
			if f.Port != 0 {
				it.Content = append(it.Content, scalar("port"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(f.Port)})
			}
			optBool(it, "authenticated", f.Authenticated)
			optBool(it, "encrypted", f.Encrypted)
			optBool(it, "external_id", f.ExternalID)
			list(it, "data", f.Data)
			kv(it, "description", f.Description)
			seq.Content = append(seq.Content, it)
		}
		add("flows", seq)
	}
	if len(m.Threats) > 0 {
		seq := block()
		for _, t := range m.Threats {
			it := flowMap()
			kv(it, "id", t.ID)
			kv(it, "status", t.Status)
			kv(it, "note", t.Note)
			seq.Content = append(seq.Content, it)
		}
		add("threats", seq)
	}
	d, err := yaml.NewDumper(w, yaml.WithIndent(2), yaml.WithLineWidth(-1))
	if err != nil {
		return err
	}
	if err := d.Dump(root); err != nil {
		return err
	}
	return d.Close()
}

func elementNode(e *Element) *yaml.Node {
	it := flowMap()
	kv(it, "id", e.ID)
	kv(it, "type", e.Type)
	kv(it, "name", e.Name)
	kv(it, "boundary", e.Boundary)
	if a := e.AWS; a != nil {
		m := flowMap()
		kv(m, "type", a.Type)
		kv(m, "arn", a.ARN)
		kv(m, "id", a.ID)
		kv(m, "account", a.Account)
		kv(m, "region", a.Region)
		list(m, "related", a.Related)
		it.Content = append(it.Content, scalar("aws"), m)
	}
	list(it, "stores", e.Stores)
	optBool(it, "encrypted", e.Encrypted)
	optBool(it, "logging", e.Logging)
	optBool(it, "waf", e.WAF)
	optBool(it, "rate_limited", e.RateLimited)
	optBool(it, "versioning", e.Versioning)
	optBool(it, "deletion_protection", e.DeletionProtection)
	optBool(it, "mfa", e.MFA)
	kv(it, "backup", e.Backup)
	kv(it, "imds", e.IMDS)
	flag(it, "privileged", e.Privileged)
	flag(it, "secrets_in_env", e.SecretsInEnv)
	flag(it, "multi_tenant", e.MultiTenant)
	flag(it, "public", e.Public)
	flag(it, "log", e.Log)
	flag(it, "human", e.Human)
	kv(it, "description", e.Description)
	return it
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
func block() *yaml.Node          { return &yaml.Node{Kind: yaml.SequenceNode} }
func flowMap() *yaml.Node        { return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle} }

func kv(m *yaml.Node, k, v string) {
	if v != "" {
		m.Content = append(m.Content, scalar(k), scalar(v))
	}
}

func boolNode(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func optBool(m *yaml.Node, k string, b *bool) {
	if b != nil {
		m.Content = append(m.Content, scalar(k), boolNode(*b))
	}
}

func flag(m *yaml.Node, k string, b bool) {
	if b {
		m.Content = append(m.Content, scalar(k), boolNode(true))
	}
}

func list(m *yaml.Node, k string, ids []string) {
	if len(ids) == 0 {
		return
	}
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, id := range ids {
		seq.Content = append(seq.Content, scalar(id))
	}
	m.Content = append(m.Content, scalar(k), seq)
}
