/** POST /recover: send a password-recovery e-mail; always `{}` so addresses cannot be probed. */
import type { AuthDeps } from "../context";
import { withTransaction } from "../db";
import { sendRecovery } from "../emailActions";
import { badRequest } from "../errors";
import { sendJson, type AuthRequest } from "../http";
import { readParams } from "../params";
import { createFlowState } from "../pkce";
import { findUserByEmail } from "../users";
import { resolveRedirect, validateEmail, validatePkceParams } from "../validation";

export async function recover(ar: AuthRequest, deps: AuthDeps): Promise<void> {
  deps.limiter.check(ar, "otp");
  const p = await readParams(ar, "RecoverParams");
  const rawEmail = p.str("email");
  const codeChallenge = p.str("code_challenge");
  const codeChallengeMethod = p.str("code_challenge_method");
  if (rawEmail === "") throw badRequest("validation_failed", "Password recovery requires an email");
  const email = validateEmail(rawEmail);
  validatePkceParams(codeChallengeMethod, codeChallenge);

  const user = await findUserByEmail(deps.pool, email);
  if (!user) {
    sendJson(ar, 200, {});
    return;
  }
  const pkce = codeChallenge !== "";
  const redirectTo = resolveRedirect(deps.settings, ar.query.get("redirect_to"), ar.header("referer"));
  await withTransaction(deps.pool, async (tx) => {
    if (pkce) {
      await createFlowState(tx, { userId: user.id, method: "recovery", providerType: "recovery", codeChallenge, codeChallengeMethod });
    }
    await sendRecovery(deps, tx, user, pkce, redirectTo);
  });
  sendJson(ar, 200, {});
}
