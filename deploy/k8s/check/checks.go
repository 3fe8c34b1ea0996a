package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// manifests are the rendered objects, indexed by kind, namespace and name,
// with the kinds the checks look into decoded; problems collects what the
// checks find.
type manifests struct {
	byKey     map[string]object
	workloads []workload
	services  []service
	hpas      []hpa
	problems  []string
}

// checks are the structural checks, each over every rendered object it
// concerns.
var checks = []func(*manifests){
	checkSelectors,
	checkContainers,
	checkEnvRefs,
	checkVolumes,
	checkStatefulSetServices,
	checkServices,
	checkAutoscalers,
}

// check returns every structural problem of the rendered objects, sorted.
func check(objs []object) []string {
	m := index(objs)
	for _, c := range checks {
		c(m)
	}
	slices.Sort(m.problems)
	return m.problems
}

// index decodes the workloads, Services and HorizontalPodAutoscalers; a spec
// that does not decode is a problem, and its object is checked no further.
func index(objs []object) *manifests {
	m := &manifests{byKey: map[string]object{}}
	for _, o := range objs {
		m.byKey[key(o.Kind, o.Metadata.Namespace, o.Metadata.Name)] = o
		switch o.Kind {
		case "Deployment", "StatefulSet", "DaemonSet":
			w := workload{obj: o}
			if m.decodeSpec(o, &w) {
				m.workloads = append(m.workloads, w)
			}
		case "Service":
			s := service{obj: o}
			if m.decodeSpec(o, &s) {
				m.services = append(m.services, s)
			}
		case "HorizontalPodAutoscaler":
			h := hpa{obj: o}
			if m.decodeSpec(o, &h) {
				m.hpas = append(m.hpas, h)
			}
		}
	}
	return m
}

func (m *manifests) decodeSpec(o object, into any) bool {
	if err := json.Unmarshal(o.Spec, into); err != nil {
		m.bad(o, "spec: %v", err)
		return false
	}
	return true
}

func (m *manifests) bad(o object, format string, args ...any) {
	m.problems = append(m.problems, o.id()+": "+fmt.Sprintf(format, args...))
}

func key(kind, ns, name string) string { return kind + " " + ns + "/" + name }

// lookup finds a rendered object.
func (m *manifests) lookup(kind, ns, name string) (object, bool) {
	o, ok := m.byKey[key(kind, ns, name)]
	return o, ok
}

// refersTo reports a reference (what: "envFrom", "volume data") from o to an
// object of its namespace that is not rendered.
func (m *manifests) refersTo(o object, what, kind, name string) {
	if _, ok := m.lookup(kind, o.Metadata.Namespace, name); !ok {
		m.bad(o, "%s refers to %s %s, which is not rendered", what, kind, name)
	}
}

// hasKey reports whether a Secret or ConfigMap holds key.
func hasKey(o object, key string) bool {
	_, a := o.Data[key]
	_, b := o.StringData[key]
	return a || b
}

// checkSelectors: a workload's selector is set and matches its pod template.
func checkSelectors(m *manifests) {
	for _, w := range m.workloads {
		if len(w.Selector.MatchLabels) == 0 {
			m.bad(w.obj, "selector.matchLabels is empty")
		} else if !subset(w.Selector.MatchLabels, w.Template.Metadata.Labels) {
			m.bad(w.obj, "selector %v does not match the pod template's labels %v", w.Selector.MatchLabels, w.Template.Metadata.Labels)
		}
	}
}

// checkContainers: a workload runs containers, each with an image, both
// probes and CPU and memory requests and limits.
func checkContainers(m *manifests) {
	for _, w := range m.workloads {
		if len(w.Template.Spec.Containers) == 0 {
			m.bad(w.obj, "no containers")
		}
		for _, c := range w.Template.Spec.Containers {
			if c.Image == "" {
				m.bad(w.obj, "container %s has no image", c.Name)
			}
			m.checkProbe(w.obj, c, "readinessProbe", c.ReadinessProbe)
			m.checkProbe(w.obj, c, "livenessProbe", c.LivenessProbe)
			for _, res := range []string{"cpu", "memory"} {
				if c.Resources.Requests[res] == nil {
					m.bad(w.obj, "container %s has no %s request", c.Name, res)
				}
				if c.Resources.Limits[res] == nil {
					m.bad(w.obj, "container %s has no %s limit", c.Name, res)
				}
			}
		}
	}
}

// checkProbe: the probe is set; a gRPC server is probed through
// grpc.health.v1 on its gRPC port; a probed port is one the container declares.
func (m *manifests) checkProbe(o object, c container, name string, p *probe) {
	switch {
	case p == nil:
		m.bad(o, "container %s has no %s", c.Name, name)
	case c.grpcPort() != 0 && (p.GRPC == nil || p.GRPC.Port != c.grpcPort()):
		m.bad(o, "container %s serves gRPC on %d: its %s must use grpc (grpc.health.v1) on that port", c.Name, c.grpcPort(), name)
	case p.GRPC != nil && !c.hasPort(strconv.Itoa(p.GRPC.Port)):
		m.bad(o, "container %s: %s probes port %d, which the container does not declare", c.Name, name, p.GRPC.Port)
	case p.HTTPGet != nil && !c.hasPort(portRef(p.HTTPGet.Port)):
		m.bad(o, "container %s: %s probes port %s, which the container does not declare", c.Name, name, portRef(p.HTTPGet.Port))
	}
}

// checkEnvRefs: every Secret and ConfigMap (and key) a container's or init
// container's environment requires is rendered.
func checkEnvRefs(m *manifests) {
	for _, w := range m.workloads {
		for _, c := range append(slices.Clone(w.Template.Spec.Containers), w.Template.Spec.InitContainers...) {
			for _, e := range c.Env {
				if e.ValueFrom == nil {
					continue
				}
				m.checkKeyRef(w.obj, e.Name, "Secret", e.ValueFrom.SecretKeyRef)
				m.checkKeyRef(w.obj, e.Name, "ConfigMap", e.ValueFrom.ConfigMapKeyRef)
			}
			for _, ef := range c.EnvFrom {
				if r := ef.ConfigMapRef; r != nil && !r.Optional {
					m.refersTo(w.obj, "envFrom", "ConfigMap", r.Name)
				}
				if r := ef.SecretRef; r != nil && !r.Optional {
					m.refersTo(w.obj, "envFrom", "Secret", r.Name)
				}
			}
		}
	}
}

// checkKeyRef: the key of a Secret or ConfigMap that env requires (an
// optional one is not required) is rendered.
func (m *manifests) checkKeyRef(o object, env, kind string, r *keyRef) {
	if r == nil || r.Optional {
		return
	}
	src, ok := m.lookup(kind, o.Metadata.Namespace, r.Name)
	if !ok {
		m.bad(o, "env %s refers to %s %s, which is not rendered", env, kind, r.Name)
	} else if !hasKey(src, r.Key) {
		m.bad(o, "env %s refers to key %q of %s %s, which it lacks", env, r.Key, kind, r.Name)
	}
}

// checkVolumes: every ConfigMap, Secret and claim a pod mounts is rendered.
func checkVolumes(m *manifests) {
	for _, w := range m.workloads {
		for _, v := range w.Template.Spec.Volumes {
			what := "volume " + v.Name
			if v.ConfigMap != nil {
				m.refersTo(w.obj, what, "ConfigMap", v.ConfigMap.Name)
			}
			if v.Secret != nil {
				m.refersTo(w.obj, what, "Secret", v.Secret.SecretName)
			}
			if v.PersistentVolumeClaim != nil {
				m.refersTo(w.obj, what, "PersistentVolumeClaim", v.PersistentVolumeClaim.ClaimName)
			}
		}
	}
}

// checkStatefulSetServices: a StatefulSet names a rendered headless Service,
// which gives its pods their stable names.
func checkStatefulSetServices(m *manifests) {
	for _, w := range m.workloads {
		if w.obj.Kind != "StatefulSet" {
			continue
		}
		s, ok := m.lookup("Service", w.obj.Metadata.Namespace, w.ServiceName)
		if !ok {
			m.bad(w.obj, "serviceName %q names no rendered Service", w.ServiceName)
			continue
		}
		var spec service
		if json.Unmarshal(s.Spec, &spec) == nil && spec.ClusterIP != "None" {
			m.bad(w.obj, "serviceName %q is not a headless Service (clusterIP: None)", w.ServiceName)
		}
	}
}

// checkServices: a Service selects workloads of its namespace, and each of
// them declares every port it targets.
func checkServices(m *manifests) {
	for _, s := range m.services {
		if len(s.Selector) == 0 {
			m.bad(s.obj, "has no selector")
			continue
		}
		var selected []workload
		for _, w := range m.workloads {
			if w.obj.Metadata.Namespace == s.obj.Metadata.Namespace && subset(s.Selector, w.Template.Metadata.Labels) {
				selected = append(selected, w)
			}
		}
		if len(selected) == 0 {
			m.bad(s.obj, "selector %v matches no Deployment or StatefulSet", s.Selector)
			continue
		}
		m.checkTargetPorts(s, selected)
	}
}

// checkTargetPorts: each selected workload has a container that declares
// the port each of the Service's ports targets (by name or number).
func (m *manifests) checkTargetPorts(s service, selected []workload) {
	for _, p := range s.Ports {
		target := portRef(p.TargetPort)
		if target == "" {
			target = strconv.Itoa(p.Port)
		}
		for _, w := range selected {
			if !slices.ContainsFunc(w.Template.Spec.Containers, func(c container) bool { return c.hasPort(target) }) {
				m.bad(s.obj, "port %s targets %s, which %s does not declare", p.Name, target, w.obj.id())
			}
		}
	}
}

// checkAutoscalers: a HorizontalPodAutoscaler scales a rendered workload
// whose containers request CPU, which utilisation is measured against.
func checkAutoscalers(m *manifests) {
	for _, h := range m.hpas {
		ref := h.ScaleTargetRef
		t, ok := m.lookup(ref.Kind, h.obj.Metadata.Namespace, ref.Name)
		if !ok {
			m.bad(h.obj, "scaleTargetRef %s %s is not rendered", ref.Kind, ref.Name)
			continue
		}
		var w workload
		if err := json.Unmarshal(t.Spec, &w); err != nil {
			continue
		}
		for _, c := range w.Template.Spec.Containers {
			if c.Resources.Requests["cpu"] == nil {
				m.bad(h.obj, "target container %s has no cpu request to measure utilisation against", c.Name)
			}
		}
	}
}
