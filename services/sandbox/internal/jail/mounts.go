package jail

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// roBinds are host paths bound read-only into every root when they exist:
// /usr holds the interpreters; the /etc files let the dynamic loader and
// programs start without the rest of the host's /etc.
var roBinds = []string{"/usr", "/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime"}

// devices are bound from the host into the minimal /dev.
var devices = []string{"null", "zero", "full", "random", "urandom"}

// etcFiles are written into the root's /etc.
var etcFiles = map[string]string{
	"passwd":   "root:x:0:0:root:/:/usr/sbin/nologin\nsandbox:x:1000:1000:sandbox:/work:/bin/sh\n",
	"group":    "root:x:0:\nsandbox:x:1000:\n",
	"hostname": "sandbox\n",
	"hosts":    "127.0.0.1 localhost sandbox\n::1 localhost\n",
}

// buildRoot assembles the run's root in a fresh tmpfs and pivots into it.
// The mount namespace is private, so nothing here is visible on the host.
func buildRoot(cfg *initConfig) error {
	if err := mount("", "/", "", syscall.MS_REC|syscall.MS_PRIVATE, ""); err != nil {
		return err
	}
	root := cfg.RootDir
	if err := mount("tds-root", root, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, "size=1m,mode=0755"); err != nil {
		return err
	}
	if err := makeSkeleton(root); err != nil {
		return err
	}
	if err := bindHost(root); err != nil {
		return err
	}
	if err := mountScratch(root, cfg); err != nil {
		return err
	}
	if err := pivotInto(root); err != nil {
		return err
	}
	// The root itself becomes read-only; only /work, /tmp and /dev/shm take writes.
	return mount("", "/", "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY|syscall.MS_NOSUID|syscall.MS_NODEV, "")
}

// mount is syscall.Mount with an error that names what failed.
func mount(src, dst, fstype string, flags uintptr, data string) error {
	if err := syscall.Mount(src, dst, fstype, flags, data); err != nil {
		return fmt.Errorf("mount %s on %s: %w", fstype+src, dst, err)
	}
	return nil
}

// makeSkeleton creates the root's directories, the usual links into /usr
// and /proc, and the /etc files.
func makeSkeleton(root string) error {
	for _, d := range []string{"usr", "etc", "proc", "dev", "dev/shm", "tmp", "work", ".old"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			return err
		}
	}
	for _, l := range []struct{ name, target string }{
		{"bin", "usr/bin"}, {"sbin", "usr/sbin"}, {"lib", "usr/lib"}, {"lib64", "usr/lib64"},
		{"dev/fd", "/proc/self/fd"}, {"dev/stdin", "/proc/self/fd/0"}, {"dev/stdout", "/proc/self/fd/1"}, {"dev/stderr", "/proc/self/fd/2"},
	} {
		if err := os.Symlink(l.target, filepath.Join(root, l.name)); err != nil {
			return err
		}
	}
	for name, content := range etcFiles {
		if err := os.WriteFile(filepath.Join(root, "etc", name), []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// bindHost binds the host paths of roBinds that exist read-only, and the
// devices, into the root.
func bindHost(root string) error {
	for _, src := range roBinds {
		info, err := os.Stat(src)
		if err != nil {
			continue
		}
		dst := filepath.Join(root, src)
		if info.IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		} else if err := os.WriteFile(dst, nil, 0o644); err != nil {
			return err
		}
		if err := bindReadOnly(src, dst); err != nil {
			return err
		}
	}
	for _, d := range devices {
		dst := filepath.Join(root, "dev", d)
		if err := os.WriteFile(dst, nil, 0o644); err != nil {
			return err
		}
		if err := mount("/dev/"+d, dst, "", syscall.MS_BIND, ""); err != nil {
			return err
		}
	}
	return nil
}

// mountScratch mounts the writable tmpfs (/work owned by the sandbox user,
// /tmp, /dev/shm), sized by cfg, and /proc.
func mountScratch(root string, cfg *initConfig) error {
	size := func(n int64) string { return strconv.FormatInt(max(n, 1<<20), 10) }
	owned := ",uid=" + strconv.Itoa(sandboxUID) + ",gid=" + strconv.Itoa(sandboxGID)
	tmpfs := []struct {
		dst  string
		data string
	}{
		{"work", "size=" + size(cfg.WorkBytes) + ",mode=0755" + owned},
		{"tmp", "size=" + size(cfg.TmpBytes) + ",mode=1777"},
		{"dev/shm", "size=" + size(cfg.TmpBytes) + ",mode=1777"},
	}
	for _, t := range tmpfs {
		if err := mount("tds-"+filepath.Base(t.dst), filepath.Join(root, t.dst), "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, t.data); err != nil {
			return err
		}
	}
	return mount("proc", filepath.Join(root, "proc"), "proc", syscall.MS_NOSUID|syscall.MS_NODEV|syscall.MS_NOEXEC, "")
}

// pivotInto makes root the root of the mount namespace and detaches the old
// one.
func pivotInto(root string) error {
	if err := syscall.PivotRoot(root, filepath.Join(root, ".old")); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := syscall.Chdir("/"); err != nil {
		return err
	}
	if err := syscall.Unmount("/.old", syscall.MNT_DETACH); err != nil {
		return fmt.Errorf("detach old root: %w", err)
	}
	return os.Remove("/.old")
}

// bindReadOnly binds src on dst and makes the bind read-only. A remount must
// keep the flags the kernel locked on the source mount inside a user
// namespace (nosuid, nodev, noexec, atime), so they are read and kept.
func bindReadOnly(src, dst string) error {
	if err := syscall.Mount(src, dst, "", syscall.MS_BIND|syscall.MS_REC, ""); err != nil {
		return fmt.Errorf("bind %s: %w", src, err)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dst, &st); err != nil {
		return fmt.Errorf("statfs %s: %w", dst, err)
	}
	// statfs reports ST_* flags; they equal the MS_* ones except ST_RELATIME.
	const stRelatime = 4096
	locked := uintptr(st.Flags) & (syscall.MS_NOSUID | syscall.MS_NODEV | syscall.MS_NOEXEC | syscall.MS_NOATIME | syscall.MS_NODIRATIME)
	if st.Flags&stRelatime != 0 {
		locked |= syscall.MS_RELATIME
	}
	flags := syscall.MS_REMOUNT | syscall.MS_BIND | syscall.MS_RDONLY | syscall.MS_NOSUID | syscall.MS_NODEV | locked
	if err := syscall.Mount("", dst, "", flags, ""); err != nil {
		return fmt.Errorf("make %s read-only: %w", dst, err)
	}
	return nil
}
