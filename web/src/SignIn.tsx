// Sign-in: in development, a role picker over the embedded issuer's demo tokens; anywhere, a token pasted from
// the identity provider. The gateway verifies whichever is used on every request.
import { useEffect, useState, type FormEvent } from 'react'
import { fetchDevTokens, type DevToken } from './api'
import { Failure, Loading } from './components/states'
import { sessionOf, useSession } from './session'

export function SignIn() {
  const { signIn, notice } = useSession()
  const [tokens, setTokens] = useState<DevToken[] | null | 'loading'>('loading')
  const [failure, setFailure] = useState<string | null>(null)
  const [role, setRole] = useState('executive')
  const [pasted, setPasted] = useState('')
  const [pasteProblem, setPasteProblem] = useState<string | null>(null)

  useEffect(() => {
    const controller = new AbortController()
    fetchDevTokens(controller.signal).then(setTokens, (error: unknown) => {
      if (controller.signal.aborted) return
      setTokens(null)
      setFailure((error as Error).message)
    })
    return () => controller.abort()
  }, [])

  const pickRole = (event: FormEvent) => {
    event.preventDefault()
    const chosen = Array.isArray(tokens) ? tokens.find((t) => t.role === role) : undefined
    if (chosen) signIn(chosen.token)
  }
  const usePasted = (event: FormEvent) => {
    event.preventDefault()
    try {
      sessionOf(pasted)
      signIn(pasted)
    } catch (error) {
      setPasteProblem((error as Error).message)
    }
  }

  return (
    <main id="main" className="sign-in">
      <h2>Sign in</h2>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {tokens === 'loading' && <Loading label="Asking the gateway for demo roles" />}
      {failure && <Failure message={failure} />}
      {Array.isArray(tokens) && (
        <form onSubmit={pickRole} className="role-picker">
          <fieldset>
            <legend>Choose a demo role (development tokens from the embedded issuer)</legend>
            {tokens.map((token) => (
              <div className="role-option" key={token.role}>
                <input
                  type="radio"
                  id={`role-${token.role}`}
                  name="role"
                  value={token.role}
                  checked={role === token.role}
                  onChange={() => setRole(token.role)}
                />
                <label htmlFor={`role-${token.role}`}>
                  <span className="role-name">{token.role.replace('_', ' ')}</span>
                  <span className="muted small">
                    {token.purpose}
                    {token.customerId ? ` (as ${token.customerId})` : ''}
                  </span>
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">Sign in as {role.replace('_', ' ')}</button>
        </form>
      )}
      <form onSubmit={usePasted} className="paste-token" aria-labelledby="paste-heading">
        <h3 id="paste-heading">
          {Array.isArray(tokens) ? 'Or use your own token' : 'Use a token from your identity provider'}
        </h3>
        {tokens === null && (
          <p>This gateway issues no demo tokens (production): paste a bearer token your identity provider gave you.</p>
        )}
        <label htmlFor="pasted-token">Bearer token</label>
        <textarea
          id="pasted-token"
          rows={3}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          spellCheck={false}
          className="code"
          aria-describedby={pasteProblem ? 'paste-problem' : undefined}
        />
        {pasteProblem && (
          <p id="paste-problem" className="field-error" role="alert">
            {pasteProblem}
          </p>
        )}
        <button type="submit" className="secondary" disabled={!pasted.trim()}>
          Use this token
        </button>
      </form>
    </main>
  )
}
