"""The mutations: one plausible bug of a KMS emulator, or fault of a gateway, each.

A mutation has `on_request(ex)`, which may rewrite the request (the proxy
signs it again) or answer by itself (a (status, headers, body) triple), and
`on_response(ex)`, which may rewrite the answer or how it is written. Every
mutation says what it models in its docstring; `python3 mutations.py`
lists them.
"""

import itertools
import os
import re
import sys
import threading
import time
import unicodedata
import uuid
from urllib.parse import unquote_plus

BARRIER = "kms-conformance-barrier"
PROXY = None  # the running mutproxy module, set by it
REGISTRY = {}


def mutation(name, kind):
    def wrap(cls):
        cls.name = name
        cls.kind = kind
        REGISTRY[name] = cls
        return cls

    return wrap


class Base:
    """The faithful proxy: changes nothing."""

    def __init__(self, state, call):
        self.state = state
        self.call = call
        self.lock = threading.RLock()
        self.counter = itertools.count(1)

    def on_request(self, ex):
        return None

    def on_response(self, ex):
        pass


def get(name, state, call):
    if name in ("none", "faithful"):
        return Base(state, call)
    return REGISTRY[name](state, call)


def kms(ex, *ops):
    return ex.service == "kms" and ex.op in ops


def list_all_tags(call, ex, key_id):
    """Every tag of `key_id`, read by the proxy as the caller of `ex`."""
    tags, marker = [], None
    for _ in range(10):
        doc = {"KeyId": key_id}
        if marker:
            doc["Marker"] = marker
        status, answer = call(ex, "ListResourceTags", doc)
        if status != 200 or not isinstance(answer, dict):
            return None
        tags += answer.get("Tags") or []
        if not answer.get("Truncated"):
            return tags
        marker = answer.get("NextMarker")
    return tags


# ---------------------------------------------------------------- UntagResource's matching


class UntagRewrite(Base):
    """Rewrites TagKeys of every UntagResource that names a list of strings."""

    def rewrite(self, ex, keys, doc):
        return keys

    def on_request(self, ex):
        if not kms(ex, "UntagResource"):
            return None
        doc = ex.json()
        if not isinstance(doc, dict) or not isinstance(doc.get("TagKeys"), list):
            return None
        keys = doc["TagKeys"]
        if not all(isinstance(k, str) for k in keys) or BARRIER in keys:
            return None
        new = self.rewrite(ex, keys, doc)
        if new != keys:
            doc["TagKeys"] = new
            ex.set_json(doc)
        return None


@mutation("untag-first-2", "semantic")
class UntagFirst2(UntagRewrite):
    """UntagResource removes only the first 2 keys of TagKeys (a loop bound bug)."""

    def rewrite(self, ex, keys, doc):
        return keys[:2] if len(keys) > 2 else keys


@mutation("untag-first-10", "semantic")
class UntagFirst10(UntagRewrite):
    """UntagResource removes only the first 10 keys of TagKeys (a batch size cut)."""

    def rewrite(self, ex, keys, doc):
        return keys[:10] if len(keys) > 10 else keys


@mutation("untag-skips-last", "semantic")
class UntagSkipsLast(UntagRewrite):
    """UntagResource ignores the last key of TagKeys when there are several (off by one)."""

    def rewrite(self, ex, keys, doc):
        return keys[:-1] if len(keys) > 1 else keys


@mutation("untag-url-decodes-keys", "semantic")
class UntagUrlDecodes(UntagRewrite):
    """Tag keys are form-decoded before matching: '+' is a space, %XX a byte ('a+b' removes 'a b')."""

    def rewrite(self, ex, keys, doc):
        return [unquote_plus(k) for k in keys]


class UntagExpands(UntagRewrite):
    """Also removes stored tags whose key `same(stored, sent)` for a sent key."""

    def same(self, stored, sent):
        return stored == sent

    def rewrite(self, ex, keys, doc):
        if not isinstance(doc.get("KeyId"), str):
            return keys
        tags = list_all_tags(self.call, ex, doc["KeyId"])
        if not tags:
            return keys
        extra = [
            t["TagKey"]
            for t in tags
            if t["TagKey"] != BARRIER
            and t["TagKey"] not in keys
            and any(self.same(t["TagKey"], k) for k in keys)
        ]
        return keys + extra


def _strip_marks(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@mutation("untag-nfkc", "semantic")
class UntagNfkc(UntagExpands):
    """Tag keys are compared after NFKC normalisation ('ﬁ' is 'fi', 'é' precomposed is e + U+0301)."""

    def same(self, stored, sent):
        return unicodedata.normalize("NFKC", stored) == unicodedata.normalize("NFKC", sent)


@mutation("untag-accent-insensitive", "semantic")
class UntagAccent(UntagExpands):
    """Tag keys are compared accent-insensitively, as an *_ai SQL collation does ('é' matches 'e')."""

    def same(self, stored, sent):
        return _strip_marks(stored) == _strip_marks(sent)


@mutation("untag-casefold-non-ascii", "semantic")
class UntagCasefoldNonAscii(UntagExpands):
    """Non-ASCII letters are matched without case ('É' removes 'é'); ASCII stays case-sensitive."""

    def same(self, stored, sent):
        def fold(s):
            return "".join(c.lower() if ord(c) > 127 else c for c in s)

        return fold(stored) == fold(sent)


@mutation("untag-collapses-inner-space", "semantic")
class UntagCollapse(UntagExpands):
    """Runs of white space inside a tag key are collapsed before matching ('a  b' removes 'a b')."""

    def same(self, stored, sent):
        def squeeze(s):
            return re.sub(r"(?<=\S)\s{2,}(?=\S)", " ", s)  # inner runs only: the ends stay as sent

        return squeeze(stored) == squeeze(sent)


@mutation("untag-previous-key", "semantic")
class UntagPreviousKey(Base):
    """UntagResource acts on the key of the previous UntagResource (a handler caching its key)."""

    def on_request(self, ex):
        if not kms(ex, "UntagResource"):
            return None
        doc = ex.json()
        if not isinstance(doc, dict) or not isinstance(doc.get("KeyId"), str):
            return None
        with self.lock:
            prev = self.state.data.get("prev")
            self.state.data["prev"] = doc["KeyId"]
        if prev and prev != doc["KeyId"] and BARRIER not in (doc.get("TagKeys") or []):
            doc["KeyId"] = prev
            ex.set_json(doc)
        return None


# ---------------------------------------------------------------- writes applied late or undone


class Deferred(Base):
    """Answers UntagResource as the stub does, but the removal shows only `delay` s later, as `later` says."""

    delay = 1.5

    def later(self, ex, doc, before, keys):
        """The tag keys actually removed when the deferred write lands."""
        return keys

    def on_request(self, ex):
        if not kms(ex, "UntagResource"):
            return None
        doc = ex.json()
        if not isinstance(doc, dict) or not isinstance(doc.get("KeyId"), str):
            return None
        keys = doc.get("TagKeys")
        if not isinstance(keys, list) or BARRIER in keys:
            return None
        ex.deferred = (doc, list_all_tags(self.call, ex, doc["KeyId"]))
        return None

    def on_response(self, ex):
        d = getattr(ex, "deferred", None)
        if not d or ex.status != 200:
            return
        doc, before = d
        if before is None:
            return
        key_id = doc["KeyId"]
        removed = [t for t in before if t["TagKey"] in doc["TagKeys"]]
        if removed:  # put back what the stub removed; it shows again only when the write lands
            self.call(ex, "TagResource", {"KeyId": key_id, "Tags": removed})
        keys = self.later(ex, doc, before, doc["TagKeys"])

        def land():
            if keys:
                self.call(ex, "UntagResource", {"KeyId": key_id, "TagKeys": keys})

        threading.Timer(self.delay, land).start()


@mutation("untag-deferred-1500ms", "semantic")
class UntagDeferred(Deferred):
    """UntagResource's removal shows 1.5 s after its 200 (an async write queue); otherwise right. CONTROL: allowed by row 76."""


@mutation("untag-deferred-ignores-case", "semantic")
class UntagDeferredIgnoresCase(Deferred):
    """An async write queue (1.5 s) whose worker matches tag keys without case (the sync form is caught as untag-ignores-case)."""

    def later(self, ex, doc, before, keys):
        low = {k.lower() for k in keys}
        return [t["TagKey"] for t in before if t["TagKey"].lower() in low and t["TagKey"] != BARRIER] + list(keys)


@mutation("untag-deferred-removes-everything", "semantic")
class UntagDeferredEverything(Deferred):
    """An async write queue (1.5 s) whose worker removes every tag of the key (sync form: untag-removes-everything)."""

    def later(self, ex, doc, before, keys):
        return [t["TagKey"] for t in before] + list(keys)


@mutation("untag-deferred-matches-prefix", "semantic")
class UntagDeferredPrefix(Deferred):
    """An async write queue (1.5 s) whose worker also removes tags whose key starts with a sent key (sync form: untag-matches-prefix)."""

    def later(self, ex, doc, before, keys):
        return [t["TagKey"] for t in before if t["TagKey"] != BARRIER and any(t["TagKey"].startswith(k) for k in keys)] + list(keys)


@mutation("untag-deferred-matches-values", "semantic")
class UntagDeferredValues(Deferred):
    """An async write queue (1.5 s) whose worker also removes tags whose value equals a sent key (sync form: untag-matches-values)."""

    def later(self, ex, doc, before, keys):
        return [t["TagKey"] for t in before if t["TagKey"] != BARRIER and t.get("TagValue") in keys] + list(keys)


class LateExtra(Base):
    """UntagResource is right at once; a moment later a background job also removes the tags `extra` picks."""

    delay = float(os.environ.get("REDTEAM_LATE_S", "0.3"))

    def extra(self, before, keys):
        return []

    def on_request(self, ex):
        if not kms(ex, "UntagResource"):
            return None
        doc = ex.json()
        if isinstance(doc, dict) and isinstance(doc.get("KeyId"), str) and isinstance(doc.get("TagKeys"), list):
            if BARRIER not in doc["TagKeys"] and all(isinstance(k, str) for k in doc["TagKeys"]):
                ex.before = (doc, list_all_tags(self.call, ex, doc["KeyId"]))
        return None

    def on_response(self, ex):
        b = getattr(ex, "before", None)
        if not b or ex.status != 200 or b[1] is None:
            return
        doc, before = b
        extra = [k for k in self.extra(before, doc["TagKeys"]) if k != BARRIER and k not in doc["TagKeys"]]
        if extra:

            def land():
                status, _ = self.call(ex, "UntagResource", {"KeyId": doc["KeyId"], "TagKeys": extra})
                print(f"mutproxy: late removal of {len(extra)} tag(s): HTTP {status}", file=sys.stderr, flush=True)

            threading.Timer(self.delay, land).start()


@mutation("untag-late-matches-prefix", "semantic")
class LatePrefix(LateExtra):
    """Right at once, but a moment (0.3 s) later tags whose key starts with a sent key go too (a background index job matching by prefix)."""

    def extra(self, before, keys):
        return [t["TagKey"] for t in before if any(t["TagKey"].startswith(k) for k in keys)]


@mutation("untag-late-ignores-case", "semantic")
class LateCase(LateExtra):
    """Right at once, but a moment (0.3 s) later tags whose key equals a sent key without case go too."""

    def extra(self, before, keys):
        low = {k.lower() for k in keys}
        return [t["TagKey"] for t in before if t["TagKey"].lower() in low]


@mutation("untag-late-matches-values", "semantic")
class LateValues(LateExtra):
    """Right at once, but a moment (0.3 s) later tags whose value equals a sent key go too."""

    def extra(self, before, keys):
        return [t["TagKey"] for t in before if t.get("TagValue") in keys]


class Returns(Base):
    """A tag UntagResource removed is back `after` seconds later (a replica resync that undoes the write)."""

    after = 3.0

    def on_request(self, ex):
        if not kms(ex, "UntagResource"):
            return None
        doc = ex.json()
        if isinstance(doc, dict) and isinstance(doc.get("KeyId"), str) and isinstance(doc.get("TagKeys"), list):
            if BARRIER not in doc["TagKeys"]:
                ex.before = (doc, list_all_tags(self.call, ex, doc["KeyId"]))
        return None

    def on_response(self, ex):
        b = getattr(ex, "before", None)
        if not b or ex.status != 200 or b[1] is None:
            return
        doc, before = b
        removed = [t for t in before if t["TagKey"] in doc["TagKeys"]]
        if removed:
            threading.Timer(self.after, lambda: self.call(ex, "TagResource", {"KeyId": doc["KeyId"], "Tags": removed})).start()


@mutation("removed-tag-returns-3s", "semantic")
class Returns3(Returns):
    """A removed tag is back 3 s after the untag (within the 5 s settle of an emulator run)."""

    after = 3.0


@mutation("removed-tag-returns-7s", "semantic")
class Returns7(Returns):
    """A removed tag is back 7 s after the untag (later than one settle time)."""

    after = 7.0


# ---------------------------------------------------------------- ListResourceTags


class ListRewrite(Base):
    def rewrite(self, ex, doc):
        pass

    def on_response(self, ex):
        if kms(ex, "ListResourceTags") and ex.status == 200:
            doc = ex.resp_json()
            if isinstance(doc, dict) and isinstance(doc.get("Tags"), list):
                self.rewrite(ex, doc)
                ex.set_resp_json(doc)


def _user(tags):
    return [t for t in tags if t.get("TagKey") != BARRIER]


@mutation("list-drops-last-tag", "semantic")
class ListDropsLast(ListRewrite):
    """ListResourceTags leaves out the last user tag of a page holding several (off by one)."""

    def rewrite(self, ex, doc):
        user = _user(doc["Tags"])
        if len(user) > 1:
            doc["Tags"].remove(user[-1])


@mutation("list-duplicates-a-tag", "semantic")
class ListDuplicates(ListRewrite):
    """ListResourceTags lists the first user tag twice (a join that fans out)."""

    def rewrite(self, ex, doc):
        user = _user(doc["Tags"])
        if user:
            doc["Tags"].append(dict(user[0]))


@mutation("list-reversed", "semantic")
class ListReversed(ListRewrite):
    """ListResourceTags lists the tags in reverse order. CONTROL: order is unpublished (row 75)."""

    def rewrite(self, ex, doc):
        doc["Tags"].reverse()


@mutation("list-lowercases-keys", "semantic")
class ListLower(ListRewrite):
    """ListResourceTags lowercases tag keys (a case-normalising store)."""

    def rewrite(self, ex, doc):
        for t in doc["Tags"]:
            if t.get("TagKey") != BARRIER:
                t["TagKey"] = t["TagKey"].lower()


@mutation("list-swaps-key-value", "semantic")
class ListSwap(ListRewrite):
    """ListResourceTags swaps TagKey and TagValue."""

    def rewrite(self, ex, doc):
        for t in doc["Tags"]:
            if t.get("TagKey") != BARRIER:
                t["TagKey"], t["TagValue"] = t.get("TagValue", ""), t["TagKey"]


@mutation("list-omits-empty-value", "semantic")
class ListOmitsEmpty(ListRewrite):
    """ListResourceTags leaves TagValue out when it is empty (Go's omitempty)."""

    def rewrite(self, ex, doc):
        for t in doc["Tags"]:
            if t.get("TagValue") == "":
                del t["TagValue"]


@mutation("list-null-empty-value", "semantic")
class ListNullEmpty(ListRewrite):
    """ListResourceTags answers TagValue null when it is empty."""

    def rewrite(self, ex, doc):
        for t in doc["Tags"]:
            if t.get("TagValue") == "":
                t["TagValue"] = None


@mutation("list-last-page-lost", "semantic")
class ListLastPageLost(ListRewrite):
    """A page after the first is answered Truncated false, without NextMarker: the rest is lost."""

    def rewrite(self, ex, doc):
        req = ex.json() or {}
        if req.get("Marker") and doc.get("Truncated"):
            doc["Truncated"] = False
            doc.pop("NextMarker", None)


@mutation("list-marker-ignored", "semantic")
class ListMarkerIgnored(Base):
    """ListResourceTags ignores Marker: every page is the first one, Truncated and all."""

    def on_request(self, ex):
        if kms(ex, "ListResourceTags"):
            doc = ex.json()
            if isinstance(doc, dict) and "Marker" in doc:
                del doc["Marker"]
                ex.set_json(doc)
        return None


@mutation("list-next-marker-always", "semantic")
class ListNextMarkerAlways(ListRewrite):
    """ListResourceTags sends a NextMarker (a string) even when not truncated."""

    def rewrite(self, ex, doc):
        if not doc.get("Truncated"):
            doc["NextMarker"] = "eyJvZmZzZXQiOiBudWxsfQ=="


@mutation("list-truncated-without-marker", "semantic")
class ListTruncatedNoMarker(ListRewrite):
    """A truncated page carries no NextMarker (the client cannot go on)."""

    def rewrite(self, ex, doc):
        if doc.get("Truncated"):
            doc.pop("NextMarker", None)


class Cache(Base):
    """Answers ListResourceTags from a cache for `ttl` seconds."""

    ttl = 1.0
    ops = ("ListResourceTags",)

    def key(self, ex):
        return (ex.header("authorization") or "").split("Signature=")[0].split(",")[0], ex.op, ex.body

    def on_request(self, ex):
        if not kms(ex, *self.ops):
            return None
        with self.lock:
            hit = self.state.data.get(("cache",) + self.key(ex))
        if hit and time.monotonic() - hit[0] < self.ttl:
            return hit[1], list(hit[2]), hit[3]
        return None

    def on_response(self, ex):
        if kms(ex, *self.ops) and ex.status == 200:
            with self.lock:
                k = ("cache",) + self.key(ex)
                hit = self.state.data.get(k)
                if not hit or time.monotonic() - hit[0] >= self.ttl:
                    self.state.data[k] = (time.monotonic(), ex.status, list(ex.resp_headers), ex.resp_body)


@mutation("list-cache-1s", "semantic")
class Cache1(Cache):
    """ListResourceTags served from a 1 s cache. CONTROL: within the 5 s settle (row 76)."""

    ttl = 1.0


@mutation("list-cache-6s", "semantic")
class Cache6(Cache):
    """ListResourceTags served from a 6 s cache, longer than the emulator settle time."""

    ttl = 6.0


@mutation("list-cache-forever", "semantic")
class CacheForever(Cache):
    """ListResourceTags served from a cache that never expires."""

    ttl = 1e9


@mutation("post-cache-reads-60s", "proxy")
class PostCache(Cache):
    """A gateway caching POST answers by body for 60 s (ListResourceTags, DescribeKey, GetKeyPolicy)."""

    ttl = 60.0
    ops = ("ListResourceTags", "DescribeKey", "GetKeyPolicy")

    def key(self, ex):
        return (ex.op, ex.body)


@mutation("list-cache-invalidated-by-id-string", "semantic")
class CacheById(Base):
    """ListResourceTags cached until a TagResource/UntagResource names the key with the same KeyId string (an ARN write leaves the key-ID listing stale)."""

    def on_request(self, ex):
        doc = ex.json() if ex.service == "kms" else None
        if not isinstance(doc, dict):
            return None
        kid = doc.get("KeyId")
        if not isinstance(kid, str):
            return None
        if kms(ex, "TagResource", "UntagResource", "CancelKeyDeletion", "ScheduleKeyDeletion"):
            ex.invalidate = kid
            return None
        if kms(ex, "ListResourceTags"):
            with self.lock:
                hit = self.state.data.get(("c", kid, ex.body))
            if hit:
                return hit[0], list(hit[1]), hit[2]
        return None

    def on_response(self, ex):
        kid = getattr(ex, "invalidate", None)
        with self.lock:
            if kid:
                for k in [k for k in self.state.data if k[0] == "c" and k[1] == kid]:
                    del self.state.data[k]
            elif kms(ex, "ListResourceTags") and ex.status == 200:
                doc = ex.json()
                self.state.data[("c", doc["KeyId"], ex.body)] = (ex.status, list(ex.resp_headers), ex.resp_body)


@mutation("list-answers-previous-listing", "proxy")
class ListPrevious(Base):
    """Every 5th ListResourceTags is answered with the previous listing's answer (responses crossed under concurrency)."""

    def on_response(self, ex):
        if not (kms(ex, "ListResourceTags") and ex.status == 200):
            return
        with self.lock:
            prev = self.state.data.get("prev")
            self.state.data["prev"] = ex.resp_body
            n = next(self.counter)
        if prev is not None and n % 5 == 0:
            ex.resp_body = prev


# ---------------------------------------------------------------- DescribeKey


class DescribeRewrite(Base):
    def rewrite(self, meta):
        pass

    def on_response(self, ex):
        if kms(ex, "DescribeKey") and ex.status == 200:
            doc = ex.resp_json()
            if isinstance(doc, dict) and isinstance(doc.get("KeyMetadata"), dict):
                self.rewrite(doc["KeyMetadata"])
                ex.set_resp_json(doc)


@mutation("describe-enabled-always-true", "semantic")
class DescribeEnabled(DescribeRewrite):
    """DescribeKey says Enabled true whatever the key state (a flag not kept in step with KeyState)."""

    def rewrite(self, meta):
        meta["Enabled"] = True


@mutation("describe-no-deletion-date", "semantic")
class DescribeNoDeletionDate(DescribeRewrite):
    """DescribeKey of a key pending deletion carries no DeletionDate."""

    def rewrite(self, meta):
        meta.pop("DeletionDate", None)


@mutation("describe-pending-deletion-as-disabled", "semantic")
class DescribePendingAsDisabled(DescribeRewrite):
    """DescribeKey reports a key pending deletion as Disabled."""

    def rewrite(self, meta):
        if meta.get("KeyState") == "PendingDeletion":
            meta["KeyState"] = "Disabled"


# ---------------------------------------------------------------- errors


class ErrorRewrite(Base):
    only = None  # error types to touch, or every one

    def rewrite(self, ex, doc):
        pass

    def on_response(self, ex):
        if ex.service != "kms" or ex.status < 400:
            return
        doc = ex.resp_json()
        if not isinstance(doc, dict) or "__type" not in doc:
            return
        if self.only and doc["__type"] not in self.only:
            return
        self.rewrite(ex, doc)
        ex.set_resp_json(doc)


@mutation("err-type-without-suffix", "wire")
class ErrNoSuffix(ErrorRewrite):
    """__type without the Exception suffix (NotFound, KMSInvalidState)."""

    def rewrite(self, ex, doc):
        if doc["__type"].endswith("Exception"):
            doc["__type"] = doc["__type"][: -len("Exception")]


@mutation("err-type-lowercase", "wire")
class ErrLower(ErrorRewrite):
    """__type in lower case (notfoundexception)."""

    def rewrite(self, ex, doc):
        doc["__type"] = doc["__type"].lower()


@mutation("err-type-namespaced", "wire")
class ErrNamespaced(ErrorRewrite):
    """__type with a namespace# prefix (com.amazonaws.kms#NotFoundException). CONTROL: clients strip it (row 43)."""

    def rewrite(self, ex, doc):
        doc["__type"] = "com.amazonaws.kms#" + doc["__type"]


@mutation("err-type-uri-suffix", "wire")
class ErrUriSuffix(ErrorRewrite):
    """__type with a :uri suffix, as Coral services send. CONTROL: Smithy clients strip it (row 43)."""

    def rewrite(self, ex, doc):
        doc["__type"] = doc["__type"] + ":http://internal.amazon.com/coral/com.amazonaws.kms/"


@mutation("err-message-missing", "wire")
class ErrNoMessage(ErrorRewrite):
    """Errors carry no message at all."""

    def rewrite(self, ex, doc):
        doc.pop("message", None)
        doc.pop("Message", None)


@mutation("err-access-denied-403", "wire")
class ErrAccessDenied403(ErrorRewrite):
    """AccessDeniedException is HTTP 403 (the status most web stacks give 'access denied')."""

    only = ("AccessDeniedException",)

    def rewrite(self, ex, doc):
        ex.status, ex.reason = 403, "Forbidden"


@mutation("err-validation-422", "wire")
class ErrValidation422(ErrorRewrite):
    """ValidationException is HTTP 422 (FastAPI/pydantic's status for a request that fails validation)."""

    only = ("ValidationException",)

    def rewrite(self, ex, doc):
        ex.status, ex.reason = 422, "Unprocessable Entity"


@mutation("err-tag-exception-renamed", "wire")
class ErrTaggingException(ErrorRewrite):
    """TagException is named TaggingException (row 46 warns of it)."""

    only = ("TagException",)

    def rewrite(self, ex, doc):
        doc["__type"] = "TaggingException"


@mutation("err-access-denied-names-key-id", "wire")
class ErrAccessDeniedKeyId(ErrorRewrite):
    """AccessDeniedException names the resource by the key ID as sent, not the key ARN."""

    only = ("AccessDeniedException",)

    def rewrite(self, ex, doc):
        import re

        for m in ("message", "Message"):
            if isinstance(doc.get(m), str):
                doc[m] = re.sub(r"arn:aws:kms:[^:]+:\d+:key/", "", doc[m])


@mutation("err-state-message-no-period", "wire")
class ErrStateNoPeriod(ErrorRewrite):
    """KMSInvalidStateException's text without its final period."""

    only = ("KMSInvalidStateException",)

    def rewrite(self, ex, doc):
        for m in ("message", "Message"):
            if isinstance(doc.get(m), str):
                doc[m] = doc[m].rstrip(".")


@mutation("untag-state-refusal-is-200", "semantic")
class UntagStateRefusal200(Base):
    """UntagResource on a key pending deletion answers 200 (empty body) and changes nothing: the refusal swallowed."""

    def on_response(self, ex):
        if kms(ex, "UntagResource") and ex.status == 400 and ex.error_type() == "KMSInvalidStateException":
            ex.status, ex.reason, ex.resp_body = 200, "OK", b""


# ---------------------------------------------------------------- labels, request IDs, framing


@mutation("ct-json-everywhere", "proxy")
class CtJson(Base):
    """Every answer relabelled application/json."""

    def on_response(self, ex):
        if ex.service == "kms":
            ex.set_resp_header("Content-Type", "application/json")


@mutation("ct-dropped-on-empty-body", "proxy")
class CtDroppedEmpty(Base):
    """Content-Type dropped from answers with an empty body (a framework that labels only bodies)."""

    def on_response(self, ex):
        if ex.service == "kms" and not ex.resp_body:
            ex.set_resp_header("Content-Type", None)


@mutation("ct-charset-added", "proxy")
class CtCharset(Base):
    """'; charset=utf-8' appended to the Content-Type (JUDGEMENT: same media type)."""

    def on_response(self, ex):
        ct = ex.resp_header("Content-Type")
        if ex.service == "kms" and ct:
            ex.set_resp_header("Content-Type", ct + "; charset=utf-8")


@mutation("header-names-lowercased", "proxy")
class HeaderLower(Base):
    """Every response header name lowercased (HTTP/2-style). CONTROL: header names ignore case."""

    def on_response(self, ex):
        ex.resp_headers = [(k.lower(), v) for k, v in ex.resp_headers]


@mutation("reqid-dropped-on-reads", "proxy")
class ReqIdReads(Base):
    """x-amzn-RequestId dropped from ListResourceTags and DescribeKey answers only."""

    def on_response(self, ex):
        if kms(ex, "ListResourceTags", "DescribeKey"):
            ex.set_resp_header("x-amzn-RequestId", None)


@mutation("reqid-duplicated", "proxy")
class ReqIdDup(Base):
    """Two x-amzn-RequestId headers with different UUIDs (a proxy adding its own beside the upstream's)."""

    def on_response(self, ex):
        ex.resp_headers.append(("x-amzn-RequestId", str(uuid.uuid4())))


@mutation("reqid-nginx-request-id", "proxy")
class ReqIdNginx(Base):
    """x-amzn-RequestId replaced by nginx's $request_id: 32 hex digits, no dashes."""

    def on_response(self, ex):
        if ex.resp_header("x-amzn-RequestId") is not None:
            ex.set_resp_header("x-amzn-RequestId", uuid.uuid4().hex)


@mutation("reqid-on-errors-renamed", "proxy")
class ReqIdErrorsRenamed(Base):
    """Errors carry the request ID as x-amz-request-id (S3 style) instead of x-amzn-RequestId."""

    def on_response(self, ex):
        v = ex.resp_header("x-amzn-RequestId")
        if ex.status >= 400 and v:
            ex.set_resp_header("x-amzn-RequestId", None)
            ex.resp_headers.append(("x-amz-request-id", v))


@mutation("chunked", "proxy")
class Chunked(Base):
    """Every answer re-framed with chunked transfer coding. CONTROL: framing is not content."""

    def on_response(self, ex):
        ex.write_mode = "chunked"


@mutation("connection-close", "proxy")
class ConnClose(Base):
    """Connection: close on every answer. CONTROL."""

    def on_response(self, ex):
        ex.write_mode = "close"


@mutation("http10-answers", "proxy")
class Http10(Base):
    """Answers as HTTP/1.0, closed after each. CONTROL."""

    def on_response(self, ex):
        ex.write_mode = "http10"


@mutation("gzip-unasked", "proxy")
class Gzip(Base):
    """Answers gzip-compressed (Content-Encoding: gzip) though the client never asked."""

    def on_response(self, ex):
        if ex.resp_body:
            ex.write_mode = "gzip"


@mutation("gzip-unasked-empty-too", "proxy")
class GzipAll(Base):
    """Every answer gzip-compressed, the empty ones too (20 bytes of gzip for nothing)."""

    def on_response(self, ex):
        ex.write_mode = "gzip"


@mutation("content-length-too-long", "proxy")
class ClTooLong(Base):
    """Every 9th answer announces 3 bytes more than it sends, then the connection closes."""

    def on_response(self, ex):
        if next(self.counter) % 9 == 0:
            ex.write_mode = "length-plus"


@mutation("body-truncated-sometimes", "proxy")
class Truncated(Base):
    """Every 9th answer is cut 5 bytes short of its Content-Length and the connection closed."""

    def on_response(self, ex):
        if ex.resp_body and next(self.counter) % 9 == 0:
            ex.write_mode = "truncate"


@mutation("body-cut-at-1024", "proxy")
class Cut1024(Base):
    """Answers longer than 1024 bytes cut to 1024, Content-Length and all (a buffer limit)."""

    def on_response(self, ex):
        if ex.resp_body and len(ex.resp_body) > 1024:
            ex.resp_body = ex.resp_body[:1024]


@mutation("delay-3s-every-10th", "proxy")
class Delay(Base):
    """Every 10th answer held 3 s. CONTROL: slow, not wrong."""

    def on_response(self, ex):
        if next(self.counter) % 10 == 0:
            ex.delay = 3.0


@mutation("replay-every-request", "proxy")
class Replay(Base):
    """Every request sent upstream twice (a retrying or mirroring gateway); the first answer is returned."""

    def on_response(self, ex):
        if ex.service != "kms" or getattr(ex, "replayed", False):
            return
        again = PROXY.Exchange(ex.method, ex.path, list(ex.headers), ex.body)
        again.replayed = True
        try:
            PROXY.send_upstream(again)
        except Exception:  # noqa: BLE001
            pass


@mutation("lost-answer-504", "proxy")
class LostAnswer(Base):
    """Every 7th request is forwarded and done, but its answer is lost: 504 Gateway Timeout."""

    def on_response(self, ex):
        if ex.service == "kms" and next(self.counter) % 7 == 0:
            ex.status, ex.reason = 504, "Gateway Timeout"
            ex.resp_headers = [("Content-Type", "text/html")]
            ex.resp_body = b"<html><body>504 Gateway Time-out</body></html>"


@mutation("dropped-502", "proxy")
class Dropped502(Base):
    """Every 7th request is never forwarded: 502 Bad Gateway. CONTROL: a transient fault, retried."""

    def on_request(self, ex):
        if ex.service == "kms" and next(self.counter) % 7 == 0:
            return 502, [("Content-Type", "text/html")], b"<html><body>502 Bad Gateway</body></html>"
        return None


@mutation("errors-intercepted-html", "proxy")
class Intercept(Base):
    """nginx proxy_intercept_errors: every 4xx answer replaced by the proxy's HTML error page."""

    def on_response(self, ex):
        if 400 <= ex.status < 500:
            ex.resp_headers = [("Content-Type", "text/html")]
            ex.resp_body = b"<html><body><h1>400 Bad Request</h1></body></html>"


# ---------------------------------------------------------------- signing and capabilities


@mutation("resign-launders-signatures", "proxy")
class Launder(Base):
    """A re-signing gateway (aws-sigv4-proxy style) signs every request again, so a request signed with the wrong secret is served."""

    def on_request(self, ex):
        if ex.header("authorization") and not ex.signature_ok:
            ex.signature_ok = True
            ex.changed = True
        return None


@mutation("resign-fixed-region", "proxy")
class FixedRegion(Base):
    """A re-signing gateway configured with one region signs every KMS request for us-east-1."""

    def on_request(self, ex):
        if ex.service == "kms" and ex.region != "us-east-1" and ex.signature_ok:
            ex.region_override = "us-east-1"
        return None


@mutation("role-session-as-root", "semantic")
class RoleAsRoot(Base):
    """Requests signed by a role session are served as the account's own user: identity policies never read."""

    def on_request(self, ex):
        import sigv4

        auth = ex.auth
        if not auth or auth["service"] != "kms" or not ex.signature_ok:
            return None
        with self.state.lock:
            is_session = auth["ak"] in self.state.secrets
        if not is_session:
            return None
        signed = [h for h in auth["signed"] if h != "x-amz-security-token"]
        lh = ex.lheaders
        sig = sigv4.signature(ex.method, ex.path, lh, signed, ex.body, "test", auth["date"], auth["region"], "kms")
        ex.set_header("x-amz-security-token", None)
        ex.set_header(
            "Authorization",
            f"AWS4-HMAC-SHA256 Credential=test/{auth['date']}/{auth['region']}/kms/aws4_request, "
            f"SignedHeaders={';'.join(signed)}, Signature={sig}",
        )
        return None


@mutation("replicate-ignores-tags", "semantic")
class ReplicateIgnoresTags(Base):
    """ReplicateKey ignores Tags: the replica gets none (moto and LocalStack, rows 159 and 164)."""

    def on_request(self, ex):
        if kms(ex, "ReplicateKey"):
            doc = ex.json()
            if isinstance(doc, dict) and doc.get("Tags"):
                doc.pop("Tags")
                ex.set_json(doc)
        return None


@mutation("replicate-ignores-tags-probe-unsupported", "semantic")
class ReplicateProbeUnsupported(ReplicateIgnoresTags):
    """As replicate-ignores-tags, and ReplicateKey of an unknown key answers UnsupportedOperationException (checks 'is it a multi-Region primary?' before 'does it exist?')."""

    def on_response(self, ex):
        if kms(ex, "ReplicateKey") and ex.status == 400 and ex.error_type() == "NotFoundException":
            ex.set_resp_json({"__type": "UnsupportedOperationException", "message": "The key is not a multi-Region primary key."})


# ---------------------------------------------------------------- refused, and done all the same


class RefusedButDone(Base):
    """Answers a refusal the stub would give, after doing the request as a plain UntagResource."""

    def applies(self, ex):
        return False

    def on_request(self, ex):
        if ex.service != "kms" or not self.applies(ex):
            return None
        doc = ex.json()
        if not isinstance(doc, dict):
            return None
        if ex.header("authorization") and not ex.signature_ok:
            ex.signature_ok = True  # sign it again, right
        ex.set_header("X-Amz-Target", "TrentService.UntagResource")
        ex.changed = True
        ex.refuse = True
        return None

    def on_response(self, ex):
        if getattr(ex, "refuse", False):
            ex.status, ex.reason = 400, "Bad Request"
            ex.set_resp_json({"__type": self.error, "message": "refused"})


@mutation("unknown-operation-refused-but-done", "semantic")
class UnknownDone(RefusedButDone):
    """UntagResources (unknown) is answered 400 UnknownOperationException, but routed to UntagResource first (a router that fuzzy-matches)."""

    error = "UnknownOperationException"

    def applies(self, ex):
        return ex.op == "UntagResources"


@mutation("bad-signature-refused-but-done", "semantic")
class BadSigDone(RefusedButDone):
    """A request signed with the wrong secret is served, then answered InvalidSignatureException (verification after the handler)."""

    error = "InvalidSignatureException"

    def applies(self, ex):
        return ex.op == "UntagResource" and bool(ex.header("authorization")) and not ex.signature_ok


@mutation("success-body-when-nothing-removed", "wire")
class BodyWhenNothing(Base):
    """UntagResource answers {"RemovedCount": 0} when it removed nothing, an empty body otherwise."""

    def on_request(self, ex):
        if kms(ex, "UntagResource"):
            doc = ex.json()
            if isinstance(doc, dict) and isinstance(doc.get("KeyId"), str) and isinstance(doc.get("TagKeys"), list):
                ex.before = (doc, list_all_tags(self.call, ex, doc["KeyId"]))
        return None

    def on_response(self, ex):
        b = getattr(ex, "before", None)
        if b and ex.status == 200 and b[1] is not None:
            doc, before = b
            if not any(t["TagKey"] in doc["TagKeys"] for t in before):
                ex.set_resp_json({"RemovedCount": 0})


if __name__ == "__main__":
    for name, cls in REGISTRY.items():
        print(f"{name:45} {cls.kind:9} {cls.__doc__}")
