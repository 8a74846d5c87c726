// Which key names hold secrets: one rule for config files, command lines, headers and the targets
// file itself, so that a name masked in one place is masked everywhere.

// password, admin_password, rabbit_pass, metadata_proxy_shared_secret, memcache_secret_key,
// admin_token, X-Auth-Token, *_psk, redis requirepass/masterauth, adminPassword (camelCase),
// Authorization and Cookie headers, application_credential_secret, passphrase.
const SECRET_KEY =
  /passw(or)?d|passphrase|secret|token|credential|api_?key|private_?key|(^|[_.-])(pass|pwd|psk)([_.-]|$)|^(requirepass|masterauth)$|(auth|access|encryption|signing|hmac|fernet)[_-]?keys?$|^(proxy-)?authorization$|^(set-)?cookie$/i
// ...except keys that name where or how long, not what: token_cache_time, secret_file,
// token_provider, --password-file. nginx's proxy_pass and friends hold addresses the judges need.
const NOT_SECRET =
  /([_.-]|^)(url|uri|endpoint|host|hosts|address|server|servers|port|file|path|dir|time|timeout|expiration|provider|driver|format|type|length|size|cache|ttl|enabled)$|^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass$/i

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET.test(key)
}
