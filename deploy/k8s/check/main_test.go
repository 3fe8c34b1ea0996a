package main

import (
	"strings"
	"testing"
)

// good is a minimal set of manifests that passes every check.
const good = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ns}
data: {A: "1"}
---
apiVersion: v1
kind: Secret
metadata: {name: sec, namespace: ns}
stringData: {token: t}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: ns}
spec:
  selector: {app: api}
  ports: [{name: grpc, port: 7100, targetPort: grpc}]
---
# a comment-only document
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ns}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: x}}
    spec:
      containers:
        - name: api
          image: tdscaling/api:1
          envFrom: [{configMapRef: {name: cfg}}]
          env: [{name: T, valueFrom: {secretKeyRef: {name: sec, key: token}}}]
          ports: [{name: grpc, containerPort: 7100}]
          readinessProbe: {grpc: {port: 7100}}
          livenessProbe: {grpc: {port: 7100}}
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {cpu: 1, memory: 128Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: ns}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
`

func run(t *testing.T, docs string) []string {
	t.Helper()
	objs, err := parse(strings.NewReader(docs))
	if err != nil {
		t.Fatal(err)
	}
	return check(objs)
}

func TestGoodManifestsPass(t *testing.T) {
	if p := run(t, good); len(p) != 0 {
		t.Fatalf("problems in good manifests: %q", p)
	}
}

func TestEachBreakageIsReported(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"no image", "image: tdscaling/api:1", "image: ''", "container api has no image"},
		{"no liveness probe", "livenessProbe: {grpc: {port: 7100}}", "", "container api has no livenessProbe"},
		{"http probe on a gRPC server", "readinessProbe: {grpc: {port: 7100}}", "readinessProbe: {httpGet: {path: /, port: grpc}}", "its readinessProbe must use grpc"},
		{"no memory limit", "limits: {cpu: 1, memory: 128Mi}", "limits: {cpu: 1}", "container api has no memory limit"},
		{"no cpu request", "requests: {cpu: 100m, memory: 64Mi}", "requests: {memory: 64Mi}", "container api has no cpu request"},
		{"service selects nothing", "selector: {app: api}\n", "selector: {app: apx}\n", "matches no Deployment or StatefulSet"},
		{"service targets an undeclared port", "targetPort: grpc", "targetPort: http", "port grpc targets http"},
		{"missing secret key", "key: token", "key: other", `refers to key "other" of Secret sec`},
		{"missing config map", "configMapRef: {name: cfg}", "configMapRef: {name: nope}", "envFrom refers to ConfigMap nope"},
		{"hpa target missing", "kind: Deployment, name: api}", "kind: Deployment, name: web}", "scaleTargetRef Deployment web is not rendered"},
		{"selector outside the template", "matchLabels: {app: api}", "matchLabels: {app: other}", "does not match the pod template's labels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := strings.Replace(good, tc.old, tc.new, 1)
			if docs == good {
				t.Fatalf("fixture edit %q found nothing to replace", tc.old)
			}
			p := run(t, docs)
			found := false
			for _, line := range p {
				found = found || strings.Contains(line, tc.want)
			}
			if !found {
				t.Fatalf("want a problem containing %q, got %q", tc.want, p)
			}
		})
	}
}

func TestStatefulSetNeedsHeadlessService(t *testing.T) {
	docs := `
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  selector: {app: db}
  ports: [{name: c, port: 1, targetPort: c}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - name: db
          image: db:1
          ports: [{name: c, containerPort: 1}]
          readinessProbe: {tcpSocket: {port: c}}
          livenessProbe: {tcpSocket: {port: c}}
          resources: {requests: {cpu: 1, memory: 1Gi}, limits: {cpu: 1, memory: 1Gi}}
`
	p := run(t, docs)
	if len(p) != 1 || !strings.Contains(p[0], "is not a headless Service") {
		t.Fatalf("got %q", p)
	}
}

func TestParseRejectsADocumentWithoutKind(t *testing.T) {
	if _, err := parse(strings.NewReader("metadata: {name: x}\n")); err == nil {
		t.Fatal("a document without kind parsed")
	}
}
