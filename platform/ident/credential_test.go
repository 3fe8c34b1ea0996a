package ident

import "testing"

func TestCredential(t *testing.T) {
	for name, want := range map[string]bool{
		"X-API2CRM-APPLICATION-KEY": true, "X-API2CRM-USER-KEY": true, "api_key": true, "apiKey": true, "access_token": true,
		"client_secret": true, "keyStorePassword": true, "Authorization": true, "x-rapidapi-key": true,
		"key": false, "object_key": false, "nextPageToken": false, "NextToken": false, "token_type": false, "page_token": false,
		"idempotency_key": false, "sort_key": false, "name": false,
	} {
		if got := Credential(name); got != want {
			t.Errorf("Credential(%q) = %v, want %v", name, got, want)
		}
	}
}
