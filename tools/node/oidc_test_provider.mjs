// A real OpenID Connect provider for the sign-in test: the certified `oidc-provider` package,
// configured from a JSON file and served on 127.0.0.1. Test use only.
//
//   node tools/node/oidc_test_provider.mjs settings.json
//
// settings.json: {"port": 9061, "client_id": "...", "client_secret": "...",
//   "redirect_uri": "https://127.0.0.1:9062/oauth2callback", "id_token_ttl": 3600,
//   "users": [{"login": "anna", "password": "...", "name": "...", "email": "...", "groups": ["..."]}]}
//
// Like Microsoft Entra ID with a groups claim configured, the ID token carries `groups` (and `email`,
// `name`) directly. The sign-in page checks the user's password; consent is implicit (a first-party
// client). Prints "ready <issuer>" on stdout once it listens.

import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const settings = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${settings.port}`;
const users = new Map(settings.users.map((user) => [user.login, user]));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: settings.client_id,
    client_secret: settings.client_secret,
    redirect_uris: [settings.redirect_uri],
    post_logout_redirect_uris: [settings.redirect_uri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  async findAccount(ctx, sub) {
    const user = users.get(sub);
    if (!user) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: user.name, email: user.email, email_verified: true, groups: user.groups };
      },
    };
  },
  // `groups` with the openid scope: always in the ID token, as Entra ID's groups claim.
  claims: { openid: ['sub', 'groups'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  cookies: { keys: [settings.client_secret] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}<button id="sign-out" type="submit" form="op.logoutForm" name="logout"
          value="yes">Yes, sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
  },
  ttl: { IdToken: settings.id_token_ttl ?? 3600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async loadExistingGrant(ctx) {  // first-party client: consent is implicit
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

function loginForm(uid, message = '') {
  return page('Sign in', `${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>User <input name="login" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form>`);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== 'login') {  // consent is granted by loadExistingGrant
    return provider.interactionFinished(req, res, {}, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET') {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.end(loginForm(details.uid));
  }
  const form = await readForm(req);
  const user = users.get(form.get('login'));
  if (!user || user.password !== form.get('password')) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    return res.end(loginForm(details.uid, 'Wrong user or password'));
  }
  return provider.interactionFinished(req, res, { login: { accountId: user.login } },
    { mergeWithLastSubmission: false });
}

const handler = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.statusCode = 400;
      res.end(page('Sign-in error', `<pre>${escape(error.message)}</pre>`));
    });
    return;
  }
  handler(req, res);
});
server.listen(settings.port, '127.0.0.1', () => console.log(`ready ${issuer}`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
