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

// check returns every structural problem of the rendered objects.
func check(objs []object) []string {
	var problems []string
	bad := func(o object, format string, args ...any) {
		problems = append(problems, o.id()+": "+fmt.Sprintf(format, args...))
	}
	byKind := map[string]object{}
	var workloads []workload
	var services []service
	var hpas []hpa
	for _, o := range objs {
		byKind[o.Kind+" "+o.Metadata.Namespace+"/"+o.Metadata.Name] = o
		switch o.Kind {
		case "Deployment", "StatefulSet", "DaemonSet":
			w := workload{obj: o}
			if err := json.Unmarshal(o.Spec, &w); err != nil {
				bad(o, "spec: %v", err)
				continue
			}
			workloads = append(workloads, w)
		case "Service":
			s := service{obj: o}
			if err := json.Unmarshal(o.Spec, &s); err != nil {
				bad(o, "spec: %v", err)
				continue
			}
			services = append(services, s)
		case "HorizontalPodAutoscaler":
			h := hpa{obj: o}
			if err := json.Unmarshal(o.Spec, &h); err != nil {
				bad(o, "spec: %v", err)
				continue
			}
			hpas = append(hpas, h)
		}
	}
	has := func(kind, ns, name string) (object, bool) {
		o, ok := byKind[kind+" "+ns+"/"+name]
		return o, ok
	}
	hasKey := func(o object, key string) bool {
		_, a := o.Data[key]
		_, b := o.StringData[key]
		return a || b
	}

	for _, w := range workloads {
		o, ns := w.obj, w.obj.Metadata.Namespace
		if len(w.Selector.MatchLabels) == 0 {
			bad(o, "selector.matchLabels is empty")
		} else if !subset(w.Selector.MatchLabels, w.Template.Metadata.Labels) {
			bad(o, "selector %v does not match the pod template's labels %v", w.Selector.MatchLabels, w.Template.Metadata.Labels)
		}
		if len(w.Template.Spec.Containers) == 0 {
			bad(o, "no containers")
		}
		for _, c := range w.Template.Spec.Containers {
			if c.Image == "" {
				bad(o, "container %s has no image", c.Name)
			}
			for _, p := range []struct {
				name string
				p    *probe
			}{{"readinessProbe", c.ReadinessProbe}, {"livenessProbe", c.LivenessProbe}} {
				switch {
				case p.p == nil:
					bad(o, "container %s has no %s", c.Name, p.name)
				case c.grpcPort() != 0 && (p.p.GRPC == nil || p.p.GRPC.Port != c.grpcPort()):
					bad(o, "container %s serves gRPC on %d: its %s must use grpc (grpc.health.v1) on that port", c.Name, c.grpcPort(), p.name)
				case p.p.GRPC != nil && !c.hasPort(strconv.Itoa(p.p.GRPC.Port)):
					bad(o, "container %s: %s probes port %d, which the container does not declare", c.Name, p.name, p.p.GRPC.Port)
				case p.p.HTTPGet != nil && !c.hasPort(portRef(p.p.HTTPGet.Port)):
					bad(o, "container %s: %s probes port %s, which the container does not declare", c.Name, p.name, portRef(p.p.HTTPGet.Port))
				}
			}
			for _, res := range []string{"cpu", "memory"} {
				if c.Resources.Requests[res] == nil {
					bad(o, "container %s has no %s request", c.Name, res)
				}
				if c.Resources.Limits[res] == nil {
					bad(o, "container %s has no %s limit", c.Name, res)
				}
			}
		}
		for _, c := range append(slices.Clone(w.Template.Spec.Containers), w.Template.Spec.InitContainers...) {
			for _, e := range c.Env {
				if e.ValueFrom == nil {
					continue
				}
				if r := e.ValueFrom.SecretKeyRef; r != nil && !r.Optional {
					if s, ok := has("Secret", ns, r.Name); !ok {
						bad(o, "env %s refers to Secret %s, which is not rendered", e.Name, r.Name)
					} else if !hasKey(s, r.Key) {
						bad(o, "env %s refers to key %q of Secret %s, which it lacks", e.Name, r.Key, r.Name)
					}
				}
				if r := e.ValueFrom.ConfigMapKeyRef; r != nil && !r.Optional {
					if cm, ok := has("ConfigMap", ns, r.Name); !ok {
						bad(o, "env %s refers to ConfigMap %s, which is not rendered", e.Name, r.Name)
					} else if !hasKey(cm, r.Key) {
						bad(o, "env %s refers to key %q of ConfigMap %s, which it lacks", e.Name, r.Key, r.Name)
					}
				}
			}
			for _, ef := range c.EnvFrom {
				if r := ef.ConfigMapRef; r != nil && !r.Optional {
					if _, ok := has("ConfigMap", ns, r.Name); !ok {
						bad(o, "envFrom refers to ConfigMap %s, which is not rendered", r.Name)
					}
				}
				if r := ef.SecretRef; r != nil && !r.Optional {
					if _, ok := has("Secret", ns, r.Name); !ok {
						bad(o, "envFrom refers to Secret %s, which is not rendered", r.Name)
					}
				}
			}
		}
		for _, v := range w.Template.Spec.Volumes {
			if v.ConfigMap != nil {
				if _, ok := has("ConfigMap", ns, v.ConfigMap.Name); !ok {
					bad(o, "volume %s refers to ConfigMap %s, which is not rendered", v.Name, v.ConfigMap.Name)
				}
			}
			if v.Secret != nil {
				if _, ok := has("Secret", ns, v.Secret.SecretName); !ok {
					bad(o, "volume %s refers to Secret %s, which is not rendered", v.Name, v.Secret.SecretName)
				}
			}
			if v.PersistentVolumeClaim != nil {
				if _, ok := has("PersistentVolumeClaim", ns, v.PersistentVolumeClaim.ClaimName); !ok {
					bad(o, "volume %s refers to PersistentVolumeClaim %s, which is not rendered", v.Name, v.PersistentVolumeClaim.ClaimName)
				}
			}
		}
		if o.Kind == "StatefulSet" {
			if s, ok := has("Service", ns, w.ServiceName); !ok {
				bad(o, "serviceName %q names no rendered Service", w.ServiceName)
			} else {
				var spec service
				if json.Unmarshal(s.Spec, &spec) == nil && spec.ClusterIP != "None" {
					bad(o, "serviceName %q is not a headless Service (clusterIP: None)", w.ServiceName)
				}
			}
		}
	}

	for _, s := range services {
		if len(s.Selector) == 0 {
			bad(s.obj, "has no selector")
			continue
		}
		var selected []workload
		for _, w := range workloads {
			if w.obj.Metadata.Namespace == s.obj.Metadata.Namespace && subset(s.Selector, w.Template.Metadata.Labels) {
				selected = append(selected, w)
			}
		}
		if len(selected) == 0 {
			bad(s.obj, "selector %v matches no Deployment or StatefulSet", s.Selector)
			continue
		}
		for _, p := range s.Ports {
			target := portRef(p.TargetPort)
			if target == "" {
				target = strconv.Itoa(p.Port)
			}
			for _, w := range selected {
				if !slices.ContainsFunc(w.Template.Spec.Containers, func(c container) bool { return c.hasPort(target) }) {
					bad(s.obj, "port %s targets %s, which %s does not declare", p.Name, target, w.obj.id())
				}
			}
		}
	}

	for _, h := range hpas {
		ref := h.ScaleTargetRef
		t, ok := has(ref.Kind, h.obj.Metadata.Namespace, ref.Name)
		if !ok {
			bad(h.obj, "scaleTargetRef %s %s is not rendered", ref.Kind, ref.Name)
			continue
		}
		var w workload
		if err := json.Unmarshal(t.Spec, &w); err == nil {
			for _, c := range w.Template.Spec.Containers {
				if c.Resources.Requests["cpu"] == nil {
					bad(h.obj, "target container %s has no cpu request to measure utilisation against", c.Name)
				}
			}
		}
	}
	slices.Sort(problems)
	return problems
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
