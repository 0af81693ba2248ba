// @nlkit/native: AF_NETLINK syscalls for Node.js.
//
// This file does syscalls only: socket, bind, setsockopt/getsockopt,
// sendmsg, recvmsg, getsockname, close, and setns() on a short-lived
// dedicated thread. It never parses netlink messages.
//
// Receiving uses one uv_poll watcher per socket. On readiness the queued
// datagrams are drained with recvmsg(MSG_DONTWAIT) and handed to JS in one
// call per batch (at most kMaxBatchDatagrams datagrams or about
// kMaxBatchBytes bytes, then the loop gets control back). With a full-size
// receive buffer each datagram is one recvmsg into a staging buffer that
// offers at least 1 MiB (DrainDirect); a small-buffer socket sizes each
// datagram first with MSG_PEEK|MSG_TRUNC, because a larger offer would make
// the kernel allocate dump datagrams its buffer can never hold. Either way a
// datagram is never passed on cut.
//
// While a large answer streams in (a batch fills before the socket runs dry),
// the next batch is read on libuv's thread pool while JS handles the current
// one (ReadWork). The kernel builds dump datagrams inside recvmsg, so this
// moves the kernel's share of a dump onto another core. Only one read is in
// flight per socket and batches are handed over in order; the watcher is
// stopped meanwhile and restarted when a pooled read finds the socket empty.

#include <algorithm>
#include <napi.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kMaxBatchDatagrams = 256;
constexpr size_t kMaxBatchBytes = 1u << 20;
// The no-peek path hands over about 128 KiB at a time (four full dump datagrams): a consumer
// then holds fewer messages across a young-generation GC, so fewer are promoted, and a
// streamed 1M-route dump peaks at ~1.25x the RSS of a 100k one (1.4-1.6x with 1 MiB batches),
// at the same speed.
constexpr size_t kDirectBatchBytes = 128u << 10;
// The staging buffer of the no-peek path and the offer it keeps free for each datagram.
constexpr size_t kStage = 2u << 20;
constexpr size_t kOffer = 1u << 20;

// One recvmsg of the next datagram into buf[0, cap) (cap 0: none of its bytes), non-blocking,
// retried on EINTR. Returns what recvmsg returns (-1 with errno set); sets the sender's port id
// and the msghdr's flags (MSG_TRUNC: the datagram was longer than cap).
ssize_t RecvOne(int fd, void* buf, size_t cap, int flags, uint32_t& pid, int& msgFlags) {
  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  struct iovec iov = {buf, cap};
  struct msghdr mh;
  memset(&mh, 0, sizeof mh);
  mh.msg_name = &sa;
  mh.msg_namelen = sizeof sa;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  ssize_t n;
  do {
    n = ::recvmsg(fd, &mh, flags | MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  pid = sa.nl_pid;
  msgFlags = mh.msg_flags;
  return n;
}

// One datagram into buf (at most cap bytes offered), non-blocking. Returns 0 and sets len (the
// datagram's full size: larger than cap means it was cut) and pid, or an errno.
int RecvDatagram(int fd, uint8_t* buf, size_t cap, size_t& len, uint32_t& pid) {
  int msgFlags = 0;
  ssize_t n = RecvOne(fd, buf, cap, MSG_TRUNC, pid, msgFlags);
  if (n < 0) return errno == EWOULDBLOCK ? EAGAIN : errno;
  len = static_cast<size_t>(n);
  return 0;
}

// A batch of datagrams staged back to back (8-byte aligned), as DrainDirect and ReadWork fill it.
struct Staged {
  std::unique_ptr<uint8_t[]> data;
  size_t used = 0;
  std::vector<size_t> starts;
  std::vector<size_t> lengths;
  std::vector<uint32_t> pids;

  bool HasRoom() const { return starts.size() < kMaxBatchDatagrams && used < kDirectBatchBytes && kStage - used >= kOffer; }
};

// How a batch ended: on an errno (EMSGSIZE: a datagram over 1 MiB, read and dropped), because
// the socket ran dry, or neither (the batch is full and more is waiting).
struct BatchEnd {
  int err = 0;
  bool drained = false;
};

// Fills st with datagrams until it is full, the socket is empty or recvmsg fails. Touches only
// fd and st: it runs on the loop thread (DrainDirect) and on the thread pool (ReadWork) alike.
BatchEnd ReadBatch(int fd, Staged& st) {
  BatchEnd end;
  while (st.HasRoom()) {
    size_t len = 0;
    uint32_t pid = 0;
    int err = RecvDatagram(fd, st.data.get() + st.used, kStage - st.used, len, pid);
    if (err == 0 && len > kStage - st.used) err = EMSGSIZE;
    if (err == EAGAIN) {
      end.drained = true;
      break;
    }
    if (err != 0) {
      end.err = err;
      break;
    }
    st.starts.push_back(st.used);
    st.lengths.push_back(len);
    st.pids.push_back(pid);
    st.used += (len + 7) & ~static_cast<size_t>(7);  // views start 8-byte aligned
  }
  return end;
}

class NetlinkSocket;

// A batch read on the thread pool. The pool thread touches only fd and the staged bytes.
struct ReadWork {
  uv_work_t req;
  NetlinkSocket* socket;      // null once the socket stopped waiting for this batch
  int fd;
  Staged staged;
  BatchEnd end;
  std::atomic<int> state{0};  // 0 queued, 1 reading, 2 done
};

// ---------------------------------------------------------------------------
// Node-style errors: { code: 'EPERM', errno: 1, syscall: 'bind' }

// glibc >= 2.32 has strerrorname_np (names for every errno, e.g. EOPNOTSUPP). It is looked
// up at run time: a link-time reference would make the prebuilt addon need glibc 2.32 just to
// load, while Node 20 runs on glibc 2.28.
using StrerrornameFn = const char* (*)(int);

StrerrornameFn LookupStrerrorname() {
  void* sym = nullptr;
#if defined(__GLIBC__)
  uv_lib_t self;  // the main program: its global scope includes libc
  if (uv_dlopen(nullptr, &self) == 0 && uv_dlsym(&self, "strerrorname_np", &sym) != 0) sym = nullptr;
  uv_dlclose(&self);  // libc stays loaded with node, so sym stays valid
#endif
  return reinterpret_cast<StrerrornameFn>(sym);
}

const char* ErrnoName(int err) {
  static const StrerrornameFn strerrorname = LookupStrerrorname();
  if (strerrorname != nullptr) {
    const char* name = strerrorname(err);
    if (name != nullptr) return name;
  }
  return uv_err_name(-err);
}

std::string ErrnoText(int err) {
  char buf[256];
  buf[0] = '\0';
  // GNU strerror_r returns a pointer that may or may not be buf.
  const char* text = strerror_r(err, buf, sizeof buf);
  return text != nullptr ? std::string(text) : std::string("Unknown error");
}

Napi::Error SysError(Napi::Env env, int err, const char* syscall,
                     const std::string* path = nullptr) {
  const char* code = ErrnoName(err);
  std::string message = std::string(syscall) + " " + code + ": " + ErrnoText(err);
  if (path != nullptr) message += " '" + *path + "'";
  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object obj = error.Value();
  obj.Set("code", Napi::String::New(env, code));
  obj.Set("errno", Napi::Number::New(env, err));
  obj.Set("syscall", Napi::String::New(env, syscall));
  if (path != nullptr) obj.Set("path", Napi::String::New(env, *path));
  return error;
}

[[noreturn]] void ThrowSys(Napi::Env env, int err, const char* syscall) {
  throw SysError(env, err, syscall);
}

[[noreturn]] void ThrowType(Napi::Env env, const std::string& message) {
  Napi::TypeError error = Napi::TypeError::New(env, message);
  error.Value().Set("code", Napi::String::New(env, "ERR_INVALID_ARG_TYPE"));
  throw error;
}

// An optional unsigned 32-bit argument (undefined -> fallback).
uint32_t OptU32(const Napi::CallbackInfo& info, size_t i, const char* name,
                uint32_t fallback = 0) {
  if (info.Length() <= i || info[i].IsUndefined()) return fallback;
  if (!info[i].IsNumber()) ThrowType(info.Env(), std::string("The \"") + name + "\" argument must be a number");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 4294967295.0) || d != static_cast<double>(static_cast<uint64_t>(d))) {
    Napi::RangeError error = Napi::RangeError::New(
        info.Env(), std::string("The \"") + name + "\" argument must be an integer in 0..4294967295");
    error.Value().Set("code", Napi::String::New(info.Env(), "ERR_OUT_OF_RANGE"));
    throw error;
  }
  return static_cast<uint32_t>(d);
}

int32_t ReqI32(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (info.Length() <= i || !info[i].IsNumber())
    ThrowType(info.Env(), std::string("The \"") + name + "\" argument must be a number");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (!(d >= -2147483648.0 && d <= 2147483647.0) || d != static_cast<double>(static_cast<int64_t>(d))) {
    Napi::RangeError error = Napi::RangeError::New(
        info.Env(), std::string("The \"") + name + "\" argument must be a 32-bit integer");
    error.Value().Set("code", Napi::String::New(info.Env(), "ERR_OUT_OF_RANGE"));
    throw error;
  }
  return static_cast<int32_t>(d);
}

// Bytes of a Uint8Array (or any ArrayBufferView / ArrayBuffer).
bool ViewBytes(napi_env env, napi_value value, void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, value, &is) == napi_ok && is) {
    napi_typedarray_type type;
    size_t elements = 0;
    size_t offset = 0;
    napi_value ab;
    if (napi_get_typedarray_info(env, value, &type, &elements, data, &ab, &offset) != napi_ok) return false;
    size_t elem = 1;
    switch (type) {
      case napi_int16_array: case napi_uint16_array: elem = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: elem = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: elem = 8; break;
      default: elem = 1;
    }
    *length = elements * elem;
    return true;
  }
  if (napi_is_dataview(env, value, &is) == napi_ok && is) {
    napi_value ab;
    size_t offset = 0;
    return napi_get_dataview_info(env, value, length, data, &ab, &offset) == napi_ok;
  }
  if (napi_is_arraybuffer(env, value, &is) == napi_ok && is) {
    return napi_get_arraybuffer_info(env, value, data, length) == napi_ok;
  }
  return false;
}

struct AddonData {
  Napi::FunctionReference socketCtor;
};

// ---------------------------------------------------------------------------

class NetlinkSocket : public Napi::ObjectWrap<NetlinkSocket> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NetlinkSocket", {
      InstanceAccessor<&NetlinkSocket::GetFd>("fd"),
      InstanceAccessor<&NetlinkSocket::GetProtocol>("protocol"),
      InstanceAccessor<&NetlinkSocket::GetPooledReads>("pooledReads"),
      InstanceMethod<&NetlinkSocket::Bind>("bind"),
      InstanceMethod<&NetlinkSocket::GetSockName>("getsockname"),
      InstanceMethod<&NetlinkSocket::SetOption>("setOption"),
      InstanceMethod<&NetlinkSocket::GetOption>("getOption"),
      InstanceMethod<&NetlinkSocket::AddMembership>("addMembership"),
      InstanceMethod<&NetlinkSocket::DropMembership>("dropMembership"),
      InstanceMethod<&NetlinkSocket::Send>("send"),
      InstanceMethod<&NetlinkSocket::StartReading>("startReading"),
      InstanceMethod<&NetlinkSocket::StopReading>("stopReading"),
      InstanceMethod<&NetlinkSocket::Close>("close"),
    });
  }

  // Wraps an already-open netlink fd (ownership passes to the object).
  static Napi::Object Wrap(Napi::Env env, int fd, int protocol) {
    AddonData* data = env.GetInstanceData<AddonData>();
    return data->socketCtor.New({Napi::Number::New(env, fd), Napi::Number::New(env, protocol)});
  }

  explicit NetlinkSocket(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<NetlinkSocket>(info), env_(info.Env()) {
    fd_ = ReqI32(info, 0, "fd");
    protocol_ = ReqI32(info, 1, "protocol");
    if (napi_add_env_cleanup_hook(env_, CleanupHook, this) == napi_ok) hook_ = true;
  }

  ~NetlinkSocket() override {
    CloseInternal(true);
    delete asyncCtx_;
    asyncCtx_ = nullptr;
  }

 private:
  // --- accessors ----------------------------------------------------------
  Napi::Value GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }
  Napi::Value GetProtocol(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), protocol_); }
  Napi::Value GetPooledReads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), static_cast<double>(pooledReads_)); }

  // --- simple syscalls ----------------------------------------------------
  Napi::Value Bind(const Napi::CallbackInfo& info) {
    struct sockaddr_nl sa;
    memset(&sa, 0, sizeof sa);
    sa.nl_family = AF_NETLINK;
    sa.nl_pid = OptU32(info, 0, "portId");
    sa.nl_groups = OptU32(info, 1, "groups");
    if (::bind(fd_, reinterpret_cast<struct sockaddr*>(&sa), sizeof sa) < 0) ThrowSys(info.Env(), errno, "bind");
    return info.Env().Undefined();
  }

  Napi::Value GetSockName(const Napi::CallbackInfo& info) {
    struct sockaddr_nl sa;
    memset(&sa, 0, sizeof sa);
    socklen_t len = sizeof sa;
    if (::getsockname(fd_, reinterpret_cast<struct sockaddr*>(&sa), &len) < 0)
      ThrowSys(info.Env(), errno, "getsockname");
    Napi::Object out = Napi::Object::New(info.Env());
    out.Set("portId", Napi::Number::New(info.Env(), sa.nl_pid));
    out.Set("groups", Napi::Number::New(info.Env(), sa.nl_groups));
    return out;
  }

  Napi::Value SetOption(const Napi::CallbackInfo& info) {
    int level = ReqI32(info, 0, "level");
    int name = ReqI32(info, 1, "name");
    int value = ReqI32(info, 2, "value");
    if (::setsockopt(fd_, level, name, &value, sizeof value) < 0) ThrowSys(info.Env(), errno, "setsockopt");
    return info.Env().Undefined();
  }

  Napi::Value GetOption(const Napi::CallbackInfo& info) {
    int level = ReqI32(info, 0, "level");
    int name = ReqI32(info, 1, "name");
    int value = 0;
    socklen_t len = sizeof value;
    if (::getsockopt(fd_, level, name, &value, &len) < 0) ThrowSys(info.Env(), errno, "getsockopt");
    return Napi::Number::New(info.Env(), value);
  }

  Napi::Value AddMembership(const Napi::CallbackInfo& info) { return Membership(info, NETLINK_ADD_MEMBERSHIP); }
  Napi::Value DropMembership(const Napi::CallbackInfo& info) { return Membership(info, NETLINK_DROP_MEMBERSHIP); }

  Napi::Value Membership(const Napi::CallbackInfo& info, int op) {
    uint32_t group = OptU32(info, 0, "group", UINT32_MAX);
    if (info.Length() < 1 || info[0].IsUndefined()) ThrowType(info.Env(), "The \"group\" argument must be a number");
    unsigned int value = group;
    if (::setsockopt(fd_, SOL_NETLINK, op, &value, sizeof value) < 0) ThrowSys(info.Env(), errno, "setsockopt");
    return info.Env().Undefined();
  }

  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1) ThrowType(env, "The \"data\" argument must be a Uint8Array or an array of Uint8Array");
    std::vector<struct iovec> iov;
    Napi::Value data = info[0];
    if (data.IsArray()) {
      Napi::Array arr = data.As<Napi::Array>();
      uint32_t n = arr.Length();
      iov.reserve(n);
      for (uint32_t i = 0; i < n; i++) {
        Napi::Value item = arr.Get(i);
        void* p = nullptr;
        size_t len = 0;
        if (!ViewBytes(env, item, &p, &len))
          ThrowType(env, "The \"data\" argument must be a Uint8Array or an array of Uint8Array");
        if (len == 0) continue;
        iov.push_back({p, len});
      }
    } else {
      void* p = nullptr;
      size_t len = 0;
      if (!ViewBytes(env, data, &p, &len))
        ThrowType(env, "The \"data\" argument must be a Uint8Array or an array of Uint8Array");
      iov.push_back({p, len});
    }
    struct sockaddr_nl sa;
    memset(&sa, 0, sizeof sa);
    sa.nl_family = AF_NETLINK;
    sa.nl_pid = OptU32(info, 1, "portId");
    sa.nl_groups = OptU32(info, 2, "groups");
    struct msghdr mh;
    memset(&mh, 0, sizeof mh);
    mh.msg_name = &sa;
    mh.msg_namelen = sizeof sa;
    mh.msg_iov = iov.empty() ? nullptr : iov.data();
    mh.msg_iovlen = iov.size();
    ssize_t n;
    do {
      n = ::sendmsg(fd_, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n < 0) ThrowSys(env, errno, "sendmsg");
    return Napi::Number::New(env, static_cast<double>(n));
  }

  // --- receiving ----------------------------------------------------------
  Napi::Value StartReading(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsFunction() || !info[1].IsFunction())
      ThrowType(env, "startReading(onDatagrams, onError) needs two functions");
    if (fd_ < 0) ThrowSys(env, EBADF, "startReading");
    onData_.Reset(info[0].As<Napi::Function>(), 1);
    onError_.Reset(info[1].As<Napi::Function>(), 1);
    if (asyncCtx_ == nullptr) asyncCtx_ = new Napi::AsyncContext(env, "NetlinkSocket", Value());
    if (poll_ == nullptr) {
      uv_loop_t* loop = nullptr;
      if (napi_get_uv_event_loop(env, &loop) != napi_ok || loop == nullptr)
        throw Napi::Error::New(env, "cannot get the libuv loop");
      auto* handle = new uv_poll_t;
      int rc = uv_poll_init(loop, handle, fd_);
      if (rc < 0) {
        delete handle;
        ThrowSys(env, -rc, "uv_poll_init");
      }
      handle->data = this;
      poll_ = handle;
    }
    // With a pooled read in flight the watcher stays off: that read restarts it when done.
    if (work_ == nullptr) {
      int rc = uv_poll_start(poll_, UV_READABLE, OnPoll);
      if (rc < 0) ThrowSys(env, -rc, "uv_poll_start");
    }
    reading_ = true;
    if (!strong_) {
      Ref();  // keep the JS object alive while the watcher may call into it
      strong_ = true;
    }
    return env.Undefined();
  }

  Napi::Value StopReading(const Napi::CallbackInfo& info) {
    PauseInternal();
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    CloseInternal();
    return info.Env().Undefined();
  }

  void PauseInternal() {
    reading_ = false;
    if (poll_ != nullptr) uv_poll_stop(poll_);
    if (strong_) {
      strong_ = false;
      Unref();
    }
  }

  void CloseInternal(bool destroying = false) {
    PauseInternal();
    DetachRead(!destroying);
    if (poll_ != nullptr) {
      uv_close(reinterpret_cast<uv_handle_t*>(poll_),
               [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
      poll_ = nullptr;
    }
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
    if (!onData_.IsEmpty()) onData_.Reset();
    if (!onError_.IsEmpty()) onError_.Reset();
    if (hook_) {
      hook_ = false;
      napi_remove_env_cleanup_hook(env_, CleanupHook, this);
    }
  }

  static void CleanupHook(void* arg) {
    auto* self = static_cast<NetlinkSocket*>(arg);
    self->hook_ = false;  // being run: do not remove it again
    self->CloseInternal();
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<NetlinkSocket*>(handle->data);
    if (self == nullptr) return;
    self->OnReadable(status);
  }

  static bool IsFatal(int err) {
    return err == EBADF || err == ENOTSOCK || err == EFAULT || err == EINVAL || err == ENOTCONN;
  }

  // Calls fn(args) through MakeCallback (async hooks, microtasks). An
  // exception thrown by JS becomes an uncaught exception, as for 'data'
  // listeners of a net.Socket.
  void Invoke(Napi::Env env, const Napi::FunctionReference& ref, std::initializer_list<napi_value> args) {
    if (ref.IsEmpty()) return;
    Napi::Function fn = ref.Value();
    try {
      fn.MakeCallback(Value(), args, *asyncCtx_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  void EmitError(Napi::Env env, int err, const char* syscall) {
    Napi::Error e = SysError(env, err, syscall);
    Invoke(env, onError_, {e.Value()});
  }

  void Flush(Napi::Env env, std::vector<napi_value>& bufs, std::vector<uint32_t>& pids) {
    if (bufs.empty()) return;
    Napi::Array arr = Napi::Array::New(env, bufs.size());
    Napi::Array ids = Napi::Array::New(env, pids.size());
    for (size_t i = 0; i < bufs.size(); i++) {
      arr.Set(static_cast<uint32_t>(i), bufs[i]);
      ids.Set(static_cast<uint32_t>(i), Napi::Number::New(env, pids[i]));
    }
    bufs.clear();
    pids.clear();
    Invoke(env, onData_, {arr, ids});
  }

  bool Active() const { return reading_ && fd_ >= 0; }

  // Reads a batch without peeking: each datagram lands in a 2 MiB staging buffer at the next
  // free offset, always with at least 1 MiB offered, so no datagram up to 1 MiB is ever cut
  // (one larger is reported as EMSGSIZE, never passed on cut). The kernel sizes dump
  // datagrams by the largest offer but caps that at 32 KiB, so the big offer changes nothing
  // there. The batch then becomes one ArrayBuffer with a Buffer view per datagram: one
  // syscall per datagram and one allocation per batch, where peek-then-read took two
  // syscalls and an allocation per datagram.
  void DrainDirect(Napi::Env env, bool& sawSomething) {
    static thread_local Staged stage;
    if (!stage.data) stage.data.reset(new uint8_t[kStage]);
    BatchEnd end = ReadBatch(fd_, stage);
    if (end.err != 0 || !stage.starts.empty()) sawSomething = true;
    FinishBatch(env, stage, end, true);
  }

  // Hands a batch to JS, then its error. First, while the socket has more (the batch filled
  // before it ran dry), the next batch is queued on the thread pool, to be read while JS
  // handles this one; otherwise the watcher waits for more (`watching`: it is still on).
  void FinishBatch(Napi::Env env, Staged& st, BatchEnd end, bool watching) {
    bool fatal = end.err != 0 && IsFatal(end.err);
    if (Active()) {
      if (!end.drained && !fatal && !st.starts.empty()) QueueRead();
      if (work_ == nullptr && !watching) RestartWatcher(env);
    }
    FlushStaged(env, st);
    if (end.err != 0 && Active()) {
      EmitError(env, end.err, "recvmsg");
      if (fatal && Active()) PauseInternal();
    }
  }

  // Hands the staged datagrams to JS as views of one ArrayBuffer, and empties the stage.
  void FlushStaged(Napi::Env env, Staged& st) {
    if (st.starts.empty()) {
      st.used = 0;
      return;
    }
    Napi::ArrayBuffer ab = Napi::ArrayBuffer::New(env, st.used);
    memcpy(ab.Data(), st.data.get(), st.used);
    Napi::Array arr = Napi::Array::New(env, st.starts.size());
    Napi::Array ids = Napi::Array::New(env, st.pids.size());
    // Node Buffers that view the one ArrayBuffer (Buffer.from(arrayBuffer, offset, length)
    // copies nothing), so datagrams keep Buffer's methods.
    Napi::Object bufferCtor = env.Global().Get("Buffer").As<Napi::Object>();
    Napi::Function bufferFrom = bufferCtor.Get("from").As<Napi::Function>();
    for (size_t i = 0; i < st.starts.size(); i++) {
      arr.Set(static_cast<uint32_t>(i), bufferFrom.Call(bufferCtor, {ab, Napi::Number::New(env, static_cast<double>(st.starts[i])),
                                                                     Napi::Number::New(env, static_cast<double>(st.lengths[i]))}));
      ids.Set(static_cast<uint32_t>(i), Napi::Number::New(env, st.pids[i]));
    }
    st.starts.clear();
    st.lengths.clear();
    st.pids.clear();
    st.used = 0;
    Invoke(env, onData_, {arr, ids});
  }

  // --- reads on the thread pool ---------------------------------------------
  // Starts reading the next batch on the pool, with the watcher stopped: only one read of
  // this socket runs at a time, so datagrams are handed over in order.
  void QueueRead() {
    uv_loop_t* loop = nullptr;
    if (work_ != nullptr || napi_get_uv_event_loop(env_, &loop) != napi_ok || loop == nullptr) return;
    auto* w = new ReadWork();
    w->socket = this;
    w->fd = fd_;
    w->staged.data.reset(new uint8_t[kStage]);
    w->req.data = w;
    if (uv_queue_work(loop, &w->req, ReadInPool, AfterPooledRead) != 0) {
      delete w;
      return;  // the watcher stays on and reads inline
    }
    work_ = w;
    Ref();  // the object must outlive the read
    if (poll_ != nullptr) uv_poll_stop(poll_);
  }

  static void ReadInPool(uv_work_t* req) {
    auto* w = static_cast<ReadWork*>(req->data);
    w->state.store(1);
    w->end = ReadBatch(w->fd, w->staged);
    w->state.store(2);
  }

  static void AfterPooledRead(uv_work_t* req, int /*status*/) {
    std::unique_ptr<ReadWork> w(static_cast<ReadWork*>(req->data));
    if (w->socket != nullptr) w->socket->OnPooledRead(*w);
  }

  void OnPooledRead(ReadWork& w) {
    Napi::Env env(env_);
    Napi::HandleScope scope(env);
    Napi::Object keepAlive = Value();  // JS may close() and drop us in a callback
    work_ = nullptr;
    Unref();
    (void)keepAlive;
    if (!w.staged.starts.empty()) pooledReads_++;
    FinishBatch(env, w.staged, w.end, false);
  }

  void RestartWatcher(Napi::Env env) {
    if (poll_ == nullptr || !Active()) return;
    int rc = uv_poll_start(poll_, UV_READABLE, OnPoll);
    if (rc < 0) {
      PauseInternal();
      EmitError(env, -rc, "uv_poll_start");
    }
  }

  // Stops waiting for a pooled read before the fd closes: a read not yet started is cancelled,
  // one under way (non-blocking, at most one batch) is waited for. Its batch is dropped.
  void DetachRead(bool unref) {
    ReadWork* w = work_;
    if (w == nullptr) return;
    work_ = nullptr;
    w->socket = nullptr;
    if (uv_cancel(reinterpret_cast<uv_req_t*>(&w->req)) != 0) {
      while (w->state.load() != 2) std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    if (unref) Unref();
  }

  void OnReadable(int status) {
    Napi::Env env(env_);
    Napi::HandleScope scope(env);
    Napi::Object keepAlive = Value();  // JS may close() and drop us in a callback
    (void)keepAlive;

    // Peek buffer (see below), one per thread: every socket of a thread drains on its loop.
    static thread_local uint8_t scratch_[32768];
    std::vector<napi_value> bufs;
    std::vector<uint32_t> pids;
    size_t bytes = 0;
    size_t count = 0;
    bool sawSomething = false;

    // Offer at most a quarter of the receive buffer: the kernel allocates the next dump
    // datagram at the size a reader offered and will not queue one that overflows the buffer,
    // so a larger offer on a small-buffer socket would stall a dump for good.
    size_t peekLen = sizeof scratch_;
    {
      int rcvbuf = 0;
      socklen_t rl = sizeof rcvbuf;
      if (::getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &rl) == 0 && rcvbuf > 0) {
        peekLen = std::min(peekLen, static_cast<size_t>(rcvbuf) / 4);
      }
    }

    // A socket whose buffer takes full-size dump datagrams reads each datagram with one
    // recvmsg, straight into the staging buffer (the peek below sizes datagrams for sockets
    // whose small buffer must not be offered more).
    if (peekLen >= sizeof scratch_) DrainDirect(env, sawSomething);

    while (Active() && peekLen < sizeof scratch_ && count < kMaxBatchDatagrams && bytes < kMaxBatchBytes) {
      uint32_t pid = 0;
      int msgFlags = 0;
      // 1. size the next datagram without consuming it. The peek reads into a 32 KiB scratch
      //    buffer: the kernel sizes dump datagrams by the largest buffer a reader offered
      //    (max_recvmsg_len), so offering 32 KiB gets a dump in a few large datagrams, not
      //    hundreds of page-sized ones. A datagram that fits is then taken from the scratch.
      ssize_t n = RecvOne(fd_, scratch_, peekLen, MSG_PEEK | MSG_TRUNC, pid, msgFlags);
      int err = n < 0 ? errno : 0;
      if (n >= 0 && static_cast<size_t>(n) <= peekLen) {
        // 2a. dequeue it without copying again (zero-length read; MSG_TRUNC reports its size)
        size_t len = static_cast<size_t>(n);
        ssize_t m = RecvOne(fd_, nullptr, 0, MSG_TRUNC, pid, msgFlags);
        if (m < 0) {
          err = errno;
        } else if (static_cast<size_t>(m) != len) {
          // Someone else consumed the peeked datagram in between: what we peeked is not it.
          sawSomething = true;
          Flush(env, bufs, pids);
          if (Active()) EmitError(env, EMSGSIZE, "recvmsg");
          continue;
        } else {
          bufs.push_back(Napi::Buffer<uint8_t>::Copy(env, scratch_, len));
          pids.push_back(pid);
          bytes += len;
          count++;
          sawSomething = true;
          continue;
        }
      } else if (n >= 0) {
        // 2. read it into a right-sized buffer
        size_t len = static_cast<size_t>(n);
        Napi::Buffer<uint8_t> buf = Napi::Buffer<uint8_t>::New(env, len);
        ssize_t m = RecvOne(fd_, buf.Data(), len, 0, pid, msgFlags);
        if (m < 0) {
          err = errno;
        } else if (msgFlags & MSG_TRUNC) {
          // Someone else consumed the peeked datagram and a bigger one was cut.
          sawSomething = true;
          Flush(env, bufs, pids);
          if (Active()) EmitError(env, EMSGSIZE, "recvmsg");
          continue;
        } else {
          Napi::Buffer<uint8_t> out = buf;
          if (static_cast<size_t>(m) != len) out = Napi::Buffer<uint8_t>::Copy(env, buf.Data(), static_cast<size_t>(m));
          bufs.push_back(out);
          pids.push_back(pid);
          bytes += static_cast<size_t>(m);
          count++;
          sawSomething = true;
          continue;
        }
      }
      // error path
      if (err == EAGAIN || err == EWOULDBLOCK) break;
      sawSomething = true;
      Flush(env, bufs, pids);
      if (!Active()) break;
      EmitError(env, err, "recvmsg");
      if (err == ENOBUFS) continue;  // queue overrun: reported, keep reading
      if (IsFatal(err) && Active()) PauseInternal();
      break;
    }
    Flush(env, bufs, pids);

    if (status < 0 && Active()) {
      // libuv saw POLLERR and stopped the watcher. The pending socket error
      // normally comes out of recvmsg above (which clears it); look at
      // SO_ERROR in case it did not.
      int soerr = 0;
      socklen_t len = sizeof soerr;
      if (::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr != 0) {
        sawSomething = true;
        EmitError(env, soerr, "recvmsg");
      }
      if (!sawSomething && Active()) {
        // Nothing to read and no error to clear: do not spin on POLLERR.
        PauseInternal();
        EmitError(env, -status, "uv_poll");
        return;
      }
      if (Active() && poll_ != nullptr) {
        int rc = uv_poll_start(poll_, UV_READABLE, OnPoll);
        if (rc < 0) {
          PauseInternal();
          EmitError(env, -rc, "uv_poll_start");
        }
      }
    }
  }

  napi_env env_;
  int fd_ = -1;
  int protocol_ = 0;
  uv_poll_t* poll_ = nullptr;
  bool reading_ = false;
  bool strong_ = false;
  bool hook_ = false;
  ReadWork* work_ = nullptr;  // the pooled read in flight, if any
  uint64_t pooledReads_ = 0;  // batches read on the thread pool (diagnostics, tests)
  Napi::FunctionReference onData_;
  Napi::FunctionReference onError_;
  Napi::AsyncContext* asyncCtx_ = nullptr;
};

// ---------------------------------------------------------------------------
// Opening sockets

int OpenNetlink(int protocol) {
  return ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
}

int ProtocolArg(const Napi::CallbackInfo& info) {
  int protocol = ReqI32(info, 0, "protocol");
  if (protocol < 0) {
    Napi::RangeError error = Napi::RangeError::New(info.Env(), "The \"protocol\" argument must be >= 0");
    error.Value().Set("code", Napi::String::New(info.Env(), "ERR_OUT_OF_RANGE"));
    throw error;
  }
  return protocol;
}

Napi::Value OpenSocketSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int protocol = ProtocolArg(info);
  int fd = OpenNetlink(protocol);
  if (fd < 0) ThrowSys(env, errno, "socket");
  return NetlinkSocket::Wrap(env, fd, protocol);
}

// A socket in another network namespace: a dedicated thread (never a
// threadpool thread, which would keep the namespace) does setns()+socket()
// and exits; the main thread resolves the promise with the fd.
struct NetnsJob;
void NetnsCallJs(Napi::Env env, Napi::Function, NetnsJob* ctx, NetnsJob* data);
using NetnsTsfn = Napi::TypedThreadSafeFunction<NetnsJob, NetnsJob, NetnsCallJs>;

struct NetnsJob {
  explicit NetnsJob(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
  int protocol = 0;
  std::string path;    // when opening by path
  int nsfd = -1;       // dup of a caller's fd (owned by the job)
  int resultFd = -1;
  int err = 0;
  const char* syscall = nullptr;
  bool delivered = false;
  Napi::Promise::Deferred deferred;
  NetnsTsfn tsfn;
  std::thread thread;
};

void NetnsWork(NetnsJob* job) {
  int nsfd = job->nsfd;
  if (nsfd < 0) {
    // Non-blocking: a FIFO (or a device) named as a namespace must fail at setns(), not hang
    // this thread waiting for a writer.
    nsfd = ::open(job->path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (nsfd < 0) {
      job->err = errno;
      job->syscall = "open";
    }
  }
  if (nsfd >= 0) {
    if (::setns(nsfd, CLONE_NEWNET) < 0) {
      job->err = errno;
      job->syscall = "setns";
    } else {
      int fd = OpenNetlink(job->protocol);
      if (fd < 0) {
        job->err = errno;
        job->syscall = "socket";
      } else {
        job->resultFd = fd;
      }
    }
    ::close(nsfd);
    job->nsfd = -1;
  }
  job->tsfn.BlockingCall(job);
  job->tsfn.Release();
  // The thread ends here; its changed namespace dies with it.
}

void NetnsCallJs(Napi::Env env, Napi::Function, NetnsJob*, NetnsJob* job) {
  if (env == nullptr || job == nullptr) return;  // environment is going away
  job->delivered = true;
  if (job->resultFd >= 0) {
    int fd = job->resultFd;
    job->resultFd = -1;
    try {
      job->deferred.Resolve(NetlinkSocket::Wrap(env, fd, job->protocol));
    } catch (const Napi::Error& e) {
      ::close(fd);
      job->deferred.Reject(e.Value());
    }
  } else {
    // Only the namespace steps are about the path; socket() errors are not.
    bool aboutPath = !job->path.empty() && job->syscall != nullptr && strcmp(job->syscall, "socket") != 0;
    const std::string* path = aboutPath ? &job->path : nullptr;
    job->deferred.Reject(SysError(env, job->err, job->syscall, path).Value());
  }
}

void NetnsFinalize(Napi::Env, void*, NetnsJob* job) {
  if (job->thread.joinable()) job->thread.join();
  if (job->resultFd >= 0) ::close(job->resultFd);
  if (job->nsfd >= 0) ::close(job->nsfd);
  delete job;
}

// openSocketInNetns(protocol, target: string path | number fd): Promise
Napi::Value OpenSocketInNetns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int protocol = ProtocolArg(info);
  auto* job = new NetnsJob(env);
  Napi::Promise promise = job->deferred.Promise();
  job->protocol = protocol;
  if (info.Length() > 1 && info[1].IsString()) {
    job->path = info[1].As<Napi::String>().Utf8Value();
  } else if (info.Length() > 1 && info[1].IsNumber()) {
    int fd = info[1].As<Napi::Number>().Int32Value();
    int dup = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (dup < 0) {
      int err = errno;
      job->deferred.Reject(SysError(env, err, "fcntl").Value());
      delete job;
      return promise;
    }
    job->nsfd = dup;
  } else {
    delete job;
    ThrowType(env, "The \"netns\" argument must be a string or a number");
  }
  job->tsfn = NetnsTsfn::New(env, "nlkit.openSocket", 0, 1, job, NetnsFinalize, static_cast<void*>(nullptr));
  try {
    job->thread = std::thread(NetnsWork, job);
  } catch (const std::exception& ex) {
    job->deferred.Reject(SysError(env, EAGAIN, "pthread_create").Value());
    job->tsfn.Release();  // finalizer frees the job
  }
  return promise;
}

// ---------------------------------------------------------------------------

Napi::Object Constants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
  auto set = [&](const char* name, int value) { c.Set(name, Napi::Number::New(env, value)); };
  // protocols
  set("NETLINK_ROUTE", NETLINK_ROUTE);
  set("NETLINK_UNUSED", NETLINK_UNUSED);
  set("NETLINK_USERSOCK", NETLINK_USERSOCK);
  set("NETLINK_FIREWALL", NETLINK_FIREWALL);
  set("NETLINK_SOCK_DIAG", NETLINK_SOCK_DIAG);
  set("NETLINK_INET_DIAG", NETLINK_INET_DIAG);
  set("NETLINK_NFLOG", NETLINK_NFLOG);
  set("NETLINK_XFRM", NETLINK_XFRM);
  set("NETLINK_SELINUX", NETLINK_SELINUX);
  set("NETLINK_ISCSI", NETLINK_ISCSI);
  set("NETLINK_AUDIT", NETLINK_AUDIT);
  set("NETLINK_FIB_LOOKUP", NETLINK_FIB_LOOKUP);
  set("NETLINK_CONNECTOR", NETLINK_CONNECTOR);
  set("NETLINK_NETFILTER", NETLINK_NETFILTER);
  set("NETLINK_IP6_FW", NETLINK_IP6_FW);
  set("NETLINK_DNRTMSG", NETLINK_DNRTMSG);
  set("NETLINK_KOBJECT_UEVENT", NETLINK_KOBJECT_UEVENT);
  set("NETLINK_GENERIC", NETLINK_GENERIC);
  set("NETLINK_SCSITRANSPORT", NETLINK_SCSITRANSPORT);
  set("NETLINK_ECRYPTFS", NETLINK_ECRYPTFS);
  set("NETLINK_RDMA", NETLINK_RDMA);
  set("NETLINK_CRYPTO", NETLINK_CRYPTO);
  set("NETLINK_SMC", NETLINK_SMC);
  // SOL_NETLINK options
  set("SOL_NETLINK", SOL_NETLINK);
  set("NETLINK_ADD_MEMBERSHIP", NETLINK_ADD_MEMBERSHIP);
  set("NETLINK_DROP_MEMBERSHIP", NETLINK_DROP_MEMBERSHIP);
  set("NETLINK_PKTINFO", NETLINK_PKTINFO);
  set("NETLINK_BROADCAST_ERROR", NETLINK_BROADCAST_ERROR);
  set("NETLINK_NO_ENOBUFS", NETLINK_NO_ENOBUFS);
  set("NETLINK_LISTEN_ALL_NSID", NETLINK_LISTEN_ALL_NSID);
  set("NETLINK_LIST_MEMBERSHIPS", NETLINK_LIST_MEMBERSHIPS);
  set("NETLINK_CAP_ACK", NETLINK_CAP_ACK);
  set("NETLINK_EXT_ACK", NETLINK_EXT_ACK);
  set("NETLINK_GET_STRICT_CHK", NETLINK_GET_STRICT_CHK);
  // SOL_SOCKET options
  set("SOL_SOCKET", SOL_SOCKET);
  set("SO_SNDBUF", SO_SNDBUF);
  set("SO_RCVBUF", SO_RCVBUF);
  set("SO_SNDBUFFORCE", SO_SNDBUFFORCE);
  set("SO_RCVBUFFORCE", SO_RCVBUFFORCE);
  set("SO_PASSCRED", SO_PASSCRED);
  set("SO_ERROR", SO_ERROR);
  set("SO_PROTOCOL", SO_PROTOCOL);
  return c;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->socketCtor = Napi::Persistent(NetlinkSocket::Define(env));
  env.SetInstanceData<AddonData>(data);
  exports.Set("NetlinkSocket", data->socketCtor.Value());
  exports.Set("openSocketSync", Napi::Function::New<OpenSocketSync>(env, "openSocketSync"));
  exports.Set("openSocketInNetns", Napi::Function::New<OpenSocketInNetns>(env, "openSocketInNetns"));
  exports.Set("constants", Constants(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(nlkit_native, Init)
