// Command check reads rendered Kubernetes manifests (`kustomize build` output,
// multi-document YAML, from files or stdin) and checks their structure: every
// workload container has an image, readiness and liveness probes, and CPU and
// memory requests and limits; a container that serves gRPC (a port named
// "grpc") is probed through grpc.health.v1 on that port; every Service selects
// a workload and targets ports it declares; every HorizontalPodAutoscaler
// scales a rendered workload; every Secret, ConfigMap and claim a pod refers to
// is rendered too. It prints one line per problem and exits 1 when there is any.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

type object struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name      string `json:"name"`
		Namespace string `json:"namespace"`
	} `json:"metadata"`
	Spec       json.RawMessage   `json:"spec"`
	Data       map[string]string `json:"data"`
	StringData map[string]string `json:"stringData"`
}

func (o object) id() string {
	if o.Metadata.Namespace == "" {
		return o.Kind + " " + o.Metadata.Name
	}
	return o.Kind + " " + o.Metadata.Namespace + "/" + o.Metadata.Name
}

type workload struct {
	obj      object
	Selector struct {
		MatchLabels map[string]string `json:"matchLabels"`
	} `json:"selector"`
	ServiceName string `json:"serviceName"`
	Template    struct {
		Metadata struct {
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Spec podSpec `json:"spec"`
	} `json:"template"`
	VolumeClaimTemplates []struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
	} `json:"volumeClaimTemplates"`
}

type podSpec struct {
	Containers     []container `json:"containers"`
	InitContainers []container `json:"initContainers"`
	Volumes        []struct {
		Name      string `json:"name"`
		ConfigMap *struct {
			Name string `json:"name"`
		} `json:"configMap"`
		Secret *struct {
			SecretName string `json:"secretName"`
		} `json:"secret"`
		PersistentVolumeClaim *struct {
			ClaimName string `json:"claimName"`
		} `json:"persistentVolumeClaim"`
	} `json:"volumes"`
}

type container struct {
	Name  string          `json:"name"`
	Image string          `json:"image"`
	Ports []containerPort `json:"ports"`
	Env   []struct {
		Name      string `json:"name"`
		ValueFrom *struct {
			SecretKeyRef    *keyRef `json:"secretKeyRef"`
			ConfigMapKeyRef *keyRef `json:"configMapKeyRef"`
		} `json:"valueFrom"`
	} `json:"env"`
	EnvFrom []struct {
		ConfigMapRef *keyRef `json:"configMapRef"`
		SecretRef    *keyRef `json:"secretRef"`
	} `json:"envFrom"`
	ReadinessProbe *probe `json:"readinessProbe"`
	LivenessProbe  *probe `json:"livenessProbe"`
	Resources      struct {
		Requests map[string]any `json:"requests"`
		Limits   map[string]any `json:"limits"`
	} `json:"resources"`
}

type containerPort struct {
	Name          string `json:"name"`
	ContainerPort int    `json:"containerPort"`
}

type keyRef struct {
	Name     string `json:"name"`
	Key      string `json:"key"`
	Optional bool   `json:"optional"`
}

type probe struct {
	GRPC *struct {
		Port int `json:"port"`
	} `json:"grpc"`
	HTTPGet *struct {
		Port json.RawMessage `json:"port"`
	} `json:"httpGet"`
	TCPSocket *struct {
		Port json.RawMessage `json:"port"`
	} `json:"tcpSocket"`
	Exec *struct {
		Command []string `json:"command"`
	} `json:"exec"`
}

type service struct {
	obj       object
	Selector  map[string]string `json:"selector"`
	ClusterIP string            `json:"clusterIP"`
	Ports     []struct {
		Name       string          `json:"name"`
		Port       int             `json:"port"`
		TargetPort json.RawMessage `json:"targetPort"`
	} `json:"ports"`
}

type hpa struct {
	obj            object
	ScaleTargetRef struct {
		Kind string `json:"kind"`
		Name string `json:"name"`
	} `json:"scaleTargetRef"`
}

func main() {
	var objs []object
	inputs := os.Args[1:]
	if len(inputs) == 0 {
		inputs = []string{"-"}
	}
	for _, in := range inputs {
		var r io.Reader = os.Stdin
		if in != "-" {
			f, err := os.Open(in)
			if err != nil {
				fmt.Fprintln(os.Stderr, "check:", err)
				os.Exit(2)
			}
			defer f.Close()
			r = f
		}
		got, err := parse(r)
		if err != nil {
			fmt.Fprintf(os.Stderr, "check: %s: %v\n", in, err)
			os.Exit(2)
		}
		objs = append(objs, got...)
	}
	problems := check(objs)
	for _, p := range problems {
		fmt.Println(p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Printf("manifests: %d objects, structure OK\n", len(objs))
}

// parse splits multi-document YAML and decodes each document.
func parse(r io.Reader) ([]object, error) {
	var docs [][]byte
	var cur bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if strings.TrimRight(sc.Text(), " ") == "---" {
			docs = append(docs, bytes.Clone(cur.Bytes()))
			cur.Reset()
			continue
		}
		cur.Write(sc.Bytes())
		cur.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	docs = append(docs, cur.Bytes())
	var objs []object
	for i, d := range docs {
		if len(bytes.TrimSpace(d)) == 0 {
			continue
		}
		js, err := yaml.YAMLToJSON(d)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", i+1, err)
		}
		if string(js) == "null" {
			continue // only comments
		}
		var o object
		if err := json.Unmarshal(js, &o); err != nil {
			return nil, fmt.Errorf("document %d: %w", i+1, err)
		}
		if o.Kind == "" {
			return nil, fmt.Errorf("document %d has no kind", i+1)
		}
		objs = append(objs, o)
	}
	return objs, nil
}

// hasPort reports whether the container declares a port by name or number.
func (c container) hasPort(ref string) bool {
	return slices.ContainsFunc(c.Ports, func(p containerPort) bool {
		return p.Name == ref || strconv.Itoa(p.ContainerPort) == ref
	})
}

// grpcPort is the number of the container's port named "grpc", or 0.
func (c container) grpcPort() int {
	for _, p := range c.Ports {
		if p.Name == "grpc" {
			return p.ContainerPort
		}
	}
	return 0
}

// portRef renders an int-or-string port as text ("" when unset).
func portRef(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

func subset(sub, of map[string]string) bool {
	for k, v := range sub {
		if of[k] != v {
			return false
		}
	}
	return len(sub) > 0
}
