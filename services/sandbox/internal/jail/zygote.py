# The sandbox's fork server. It runs as root of its sandbox's user namespace
# and never runs user code itself. It keeps one sandbox prepared ahead: a
# process that is PID 1 of fresh mount/pid/net/ipc/uts namespaces, with its
# own /proc, waiting. A request from the host goes to that child, which becomes
# the run's init (PID 1): it mounts a fresh tmpfs work dir, /tmp and
# /dev/shm, places the files, and forks the program's process, which drops
# to the sandbox user, sets rlimits, no_new_privs and the seccomp filter, and
# either executes the program (a fresh interpreter: a cold run) or runs
# Python code in this already-initialised interpreter (a warm run). The
# server then prepares the next sandbox while the run goes on.
import base64, builtins, ctypes, json, os, resource, signal, socket, sys, types

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWPID, CLONE_NEWNET = 0x20000000, 0x40000000
NS_FLAGS = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
UID = GID = 1000
libc = ctypes.CDLL(None, use_errno=True)
libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def check(r, what):
    if r != 0:
        e = ctypes.get_errno()
        raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def mount(src, dst, fstype, flags, data=None):
    check(libc.mount(src.encode(), dst.encode(), fstype.encode(), flags,
                     data.encode() if data else None), "mount " + dst)


def read_all(fd):
    chunks = []
    while True:
        b = os.read(fd, 1 << 20)
        if not b:
            break
        chunks.append(b)
    os.close(fd)
    return b"".join(chunks)


def place_files(files):
    for f in files or []:
        p = os.path.normpath(os.path.join("/work", f["path"]))
        if not p.startswith("/work/"):
            raise OSError("file %r escapes the work dir" % f["path"])
        d = os.path.dirname(p)
        os.makedirs(d, exist_ok=True)
        while d != "/work":
            os.lchown(d, UID, GID)
            d = os.path.dirname(d)
        mode = (f.get("mode") or 0o644) & 0o777
        fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        os.write(fd, base64.b64decode(f.get("content") or ""))
        os.fchmod(fd, mode)
        os.fchown(fd, UID, GID)
        os.close(fd)


def open_fetched(rel, limit):
    """Opens a regular file under /work without following a symlink on the
    way; returns (fd, size), or None for anything else or above limit."""
    parts = os.path.normpath(rel).split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    try:
        fd = os.open("/work", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        for i, part in enumerate(parts):
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
            if i < len(parts) - 1:
                flags |= os.O_DIRECTORY
            try:
                nfd = os.open(part, flags, dir_fd=fd)
            finally:
                os.close(fd)
            fd = nfd
        st = os.fstat(fd)
    except OSError:
        return None
    if not (st.st_mode & 0o170000 == 0o100000) or (limit and st.st_size > limit):
        os.close(fd)
        return None
    return fd, st.st_size


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def write_status(fd, status, paths, limit, total_limit):
    """Writes the status as JSON with the fetched files streamed into its
    "files" array in pieces of a multiple of 3 bytes (so their base64 joins
    up): this process runs in the run's cgroup, and must not hold a file,
    let alone its encoding, in the program's memory."""
    head = json.dumps(status)
    if not paths:
        write_all(fd, head.encode())
        return
    write_all(fd, (head[:-1] + ', "files": [').encode())
    total, first = 0, True
    for rel in paths:
        opened = open_fetched(rel, limit)
        if opened is None:
            continue
        f, size = opened
        if total_limit and total + size > total_limit:
            os.close(f)
            continue
        total += size
        write_all(fd, (("" if first else ",") + '{"path": ' + json.dumps(rel) + ', "content": "').encode())
        first = False
        left = size
        while left > 0:
            b = os.read(f, min(left, 3 << 16))
            if not b:
                break
            left -= len(b)
            while len(b) % 3 and left > 0:
                more = os.read(f, min(left, 3 - len(b) % 3))
                if not more:
                    break
                left -= len(more)
                b += more
            write_all(fd, base64.b64encode(b))
        os.close(f)
        write_all(fd, b'"}')
    write_all(fd, b"]}")


def confine(cfg, prog):
    """Rlimits, no_new_privs and the seccomp filter, for this process and all it starts."""
    if cfg.get("cpu_secs"):
        resource.setrlimit(resource.RLIMIT_CPU, (cfg["cpu_secs"], cfg["cpu_secs"] + 1))
    if cfg.get("file_size"):
        resource.setrlimit(resource.RLIMIT_FSIZE, (cfg["file_size"], cfg["file_size"]))
    if cfg.get("open_files"):
        resource.setrlimit(resource.RLIMIT_NOFILE, (cfg["open_files"], cfg["open_files"]))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    check(libc.prctl(38, 1, 0, 0, 0), "no_new_privs")
    check(libc.prctl(22, 2, ctypes.byref(prog), 0, 0), "seccomp")


def become_user(fds):
    """Takes the run's stdio, drops every other file and becomes the sandbox user in /work."""
    stdin_r, out_w, err_w = fds
    os.dup2(stdin_r, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, 1 << 16)
    os.setresgid(GID, GID, GID)
    os.setresuid(UID, UID, UID)
    os.chdir("/work")


def spawn(cfg, fds):
    """Executes the program afresh as the sandbox user; returns its pid."""
    argv = cfg["argv"]
    env = [kv.encode() for kv in cfg.get("env") or []]
    pid = os.fork()
    if pid == 0:
        try:
            become_user(fds)
            os.setsid()
            for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
                signal.signal(sig, signal.SIG_DFL)
            os.execve(argv[0], argv, dict(e.partition(b"=")[::2] for e in env))
        except OSError as e:
            os.write(2, ("sandbox: cannot start %s: %s\n" % (argv[0], e.strerror)).encode())
        finally:
            os._exit(127)
    return pid


def user(cfg, fds):
    """Runs Python code in this warm interpreter as the sandbox user."""
    become_user(fds)
    argv = cfg["argv"]
    os.environ.clear()
    for kv in cfg.get("env") or []:
        k, _, v = kv.partition("=")
        os.environ[k] = v
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    code = argv[argv.index("-c") + 1]
    sys.argv = ["-c"] + argv[argv.index("-c") + 2:]
    main = types.ModuleType("__main__")
    main.__builtins__ = builtins
    sys.modules["__main__"] = main
    status = 0
    try:
        exec(compile(code, "<string>", "exec"), main.__dict__)
    except SystemExit as e:
        status = exit_status(e)
    except BaseException as e:
        import traceback
        traceback.print_exception(type(e), e, e.__traceback__.tb_next)
        status = 1
    try:
        import atexit
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(status)


def exit_status(e):
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xff
    try:
        print(e.code, file=sys.stderr)
    except BaseException:
        pass
    return 1


def run_init(fds, prog):
    """PID 1 of a run: builds the work dirs, starts the program, relays its end."""
    cfg_r, stdin_r, out_w, err_w, status_w = fds
    cfg = json.loads(read_all(cfg_r))
    status = {}
    try:
        own = ",uid=%d,gid=%d" % (UID, GID)
        mount("tds-work", "/work", "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,mode=0755%s" % (max(cfg["work_bytes"], 1 << 20), own))
        mount("tds-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,mode=1777" % max(cfg["tmp_bytes"], 1 << 20))
        mount("tds-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,mode=1777" % max(cfg["tmp_bytes"], 1 << 20))
        place_files(cfg.get("files"))
        confine(cfg, prog)
    except BaseException as e:
        os.write(status_w, json.dumps({"stage": "run setup", "error": str(e)}).encode())
        os._exit(0)
    if cfg.get("in_process"):
        upid = os.fork()
        if upid == 0:
            try:
                user(cfg, (stdin_r, out_w, err_w))
            finally:
                os._exit(127)
    else:
        upid = spawn(cfg, (stdin_r, out_w, err_w))
    for fd in (stdin_r, out_w, err_w):
        os.close(fd)
    while True:
        pid, st = os.waitpid(-1, 0)
        if pid == upid:
            break
    if os.WIFSIGNALED(st):
        status["signal"] = os.WTERMSIG(st)
    else:
        status["exit_code"] = os.WEXITSTATUS(st)
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    status["cpu_us"] = int((ru.ru_utime + ru.ru_stime) * 1e6)
    write_status(status_w, status, cfg.get("fetch"), cfg.get("fetch_max"), cfg.get("fetch_total"))
    os._exit(0)


def prepared(sock):
    """The prepared sandbox's init: PID 1 of fresh namespaces, waiting for a run."""
    mount("", "/", "", MS_REC | MS_PRIVATE)
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    socket.sethostname("sandbox")
    msg, fds, _, _ = socket.recv_fds(sock, 64, 16)
    sock.close()
    if not msg:
        os._exit(0)
    return fds


def prepare(ctl, prog):
    """Forks the next sandbox: a child that unshares fresh namespaces and
    forks their PID 1, which waits for a run. Returns the child's pid and
    the socket the run's files go through."""
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        try:
            a.close()
            ctl.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            check(libc.unshare(NS_FLAGS), "unshare")
            init = os.fork()
            if init == 0:
                run_init(prepared(b), prog)
            b.close()
            os.waitpid(init, 0)
        finally:
            os._exit(0)
    b.close()
    return pid, a


def main():
    ctl = socket.socket(fileno=3)
    boot = json.loads(ctl.recv(1 << 16))
    filt = base64.b64decode(boot["filter"])
    buf = ctypes.create_string_buffer(filt, len(filt))
    prog = SockFprog(len(filt) // 8, ctypes.cast(buf, ctypes.c_void_p))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished runs are reaped by the kernel
    ready = prepare(ctl, prog)
    ctl.send(b"ready")
    while True:
        msg, fds, _, _ = socket.recv_fds(ctl, 64, 16)
        if not msg:
            os._exit(0)
        for attempt in (1, 2):
            pid, sock = ready
            try:
                socket.send_fds(sock, [b"run"], fds)
                sent = True
            except OSError:
                sent = False  # the prepared sandbox died: make another
            sock.close()
            if sent:
                break
            ready = prepare(ctl, prog)
        for fd in fds:
            os.close(fd)
        # The run's init, by its pid here, so that the host can stop it.
        ctl.send(str(pid if sent else 0).encode())
        if sent:
            ready = prepare(ctl, prog)


main()
