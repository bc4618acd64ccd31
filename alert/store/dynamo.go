package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DynamoAPI is the part of the DynamoDB client the store uses.
type DynamoAPI interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
}

// Dynamo is the store in one DynamoDB table with a string partition key
// "pk" and sort key "sk", for the Lambda, where no local file survives.
type Dynamo struct {
	Client DynamoAPI
	Table  string
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"pk": s(pk), "sk": s(sk)}
}

func str(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func num(item map[string]types.AttributeValue, name string) int64 {
	if v, ok := item[name].(*types.AttributeValueMemberN); ok {
		x, _ := strconv.ParseInt(v.Value, 10, 64)
		return x
	}
	return 0
}

func blob(item map[string]types.AttributeValue, name string) []byte {
	if v, ok := item[name].(*types.AttributeValueMemberB); ok {
		return v.Value
	}
	return nil
}

// LastNotification implements Store.
func (d *Dynamo) LastNotification(ctx context.Context, receiver, groupKey string) (Entry, bool, error) {
	out, err := d.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(d.Table), Key: key("nflog#"+receiver, groupKey), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return Entry{}, false, err
	}
	if out.Item == nil {
		return Entry{}, false, nil
	}
	return Entry{Receiver: receiver, GroupKey: groupKey, Firing: unpack(blob(out.Item, "firing")), Resolved: unpack(blob(out.Item, "resolved")),
		SentAt: fromMS(num(out.Item, "sent_at"))}, true, nil
}

// RecordNotification implements Store.
func (d *Dynamo) RecordNotification(ctx context.Context, e Entry) error {
	item := key("nflog#"+e.Receiver, e.GroupKey)
	item["firing"] = &types.AttributeValueMemberB{Value: pack(e.Firing)}
	item["resolved"] = &types.AttributeValueMemberB{Value: pack(e.Resolved)}
	item["sent_at"] = n(ms(e.SentAt))
	_, err := d.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(d.Table), Item: item})
	return err
}

// AddSilence implements Store.
func (d *Dynamo) AddSilence(ctx context.Context, si Silence) error {
	item := key("silence", si.ID)
	ms := make([]string, len(si.Matchers))
	copy(ms, si.Matchers)
	item["matchers"] = &types.AttributeValueMemberL{Value: func() []types.AttributeValue {
		l := make([]types.AttributeValue, len(ms))
		for i, m := range ms {
			l[i] = s(m)
		}
		return l
	}()}
	item["starts_at"], item["ends_at"] = n(msOf(si.StartsAt)), n(msOf(si.EndsAt))
	item["created_by"], item["comment"] = s(si.CreatedBy), s(si.Comment)
	item["created_at"], item["expired_at"] = n(msOf(si.CreatedAt)), n(msOf(si.ExpiredAt))
	_, err := d.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(d.Table), Item: item,
		ConditionExpression: aws.String("attribute_not_exists(pk)")})
	return err
}

func msOf(t time.Time) int64 { return ms(t) }

// query pages through one partition, from sk >= from when from is set.
func (d *Dynamo) query(ctx context.Context, pk, from string, each func(map[string]types.AttributeValue) error) error {
	in := &dynamodb.QueryInput{TableName: aws.String(d.Table), ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(pk)}}
	if from != "" {
		in.KeyConditionExpression = aws.String("pk = :pk AND sk >= :from")
		in.ExpressionAttributeValues[":from"] = s(from)
	}
	p := dynamodb.NewQueryPaginator(d.Client, in)
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, item := range out.Items {
			if err := each(item); err != nil {
				return err
			}
		}
	}
	return nil
}

// Silences implements Store.
func (d *Dynamo) Silences(ctx context.Context) ([]Silence, error) {
	var out []Silence
	err := d.query(ctx, "silence", "", func(item map[string]types.AttributeValue) error {
		si := Silence{ID: str(item, "sk"), CreatedBy: str(item, "created_by"), Comment: str(item, "comment"),
			StartsAt: fromMS(num(item, "starts_at")), EndsAt: fromMS(num(item, "ends_at")),
			CreatedAt: fromMS(num(item, "created_at")), ExpiredAt: fromMS(num(item, "expired_at"))}
		if l, ok := item["matchers"].(*types.AttributeValueMemberL); ok {
			for _, v := range l.Value {
				if m, ok := v.(*types.AttributeValueMemberS); ok {
					si.Matchers = append(si.Matchers, m.Value)
				}
			}
		}
		out = append(out, si)
		return nil
	})
	sortSilences(out)
	return out, err
}

// ExpireSilence implements Store.
func (d *Dynamo) ExpireSilence(ctx context.Context, id string, t time.Time) error {
	_, err := d.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(d.Table), Key: key("silence", id),
		UpdateExpression:          aws.String("SET expired_at = :t"),
		ConditionExpression:       aws.String("attribute_exists(pk) AND expired_at = :zero"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": n(ms(t)), ":zero": n(0)}})
	var cf *types.ConditionalCheckFailedException
	if errors.As(err, &cf) {
		out, gerr := d.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(d.Table), Key: key("silence", id), ConsistentRead: aws.Bool(true)})
		if gerr != nil {
			return gerr
		}
		if out.Item != nil {
			return nil // already expired
		}
		return fmt.Errorf("silence %q: %w", id, ErrNotFound)
	}
	return err
}

// AddSuppressed implements Store.
func (d *Dynamo) AddSuppressed(ctx context.Context, day, reason string, count int) error {
	_, err := d.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(d.Table), Key: key("suppressed", day+"#"+reason),
		UpdateExpression:          aws.String("SET #day = :day, reason = :reason ADD #count :n"),
		ExpressionAttributeNames:  map[string]string{"#day": "day", "#count": "count"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":day": s(day), ":reason": s(reason), ":n": n(int64(count))}})
	return err
}

// SuppressedSince implements Store.
func (d *Dynamo) SuppressedSince(ctx context.Context, day string) ([]Suppressed, error) {
	var out []Suppressed
	err := d.query(ctx, "suppressed", day, func(item map[string]types.AttributeValue) error {
		out = append(out, Suppressed{Day: str(item, "day"), Reason: str(item, "reason"), Count: int(num(item, "count"))})
		return nil
	})
	return out, err
}

// Close implements Store.
func (d *Dynamo) Close() error { return nil }
