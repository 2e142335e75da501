"use client";

import Link from "next/link";
import { createUserAction, resetPasswordAction, setSurveyAccessAction, updateUserAction } from "@/app/(app)/admin/users/actions";
import { Badge } from "@/components/ui/badge";
import { Field, inputClasses } from "@/components/ui/field";
import type { UserRole } from "@/lib/db/schema";
import { ActionForm } from "@/components/ui/action-form";

const ROLE_LABEL: Record<UserRole, string> = { owner: "Server owner", admin: "Admin", staff: "Staff" };

export function CreateUserForm({ actorRole }: { actorRole: UserRole }) {
  const roles: UserRole[] = actorRole === "owner" ? ["staff", "admin", "owner"] : ["staff", "admin"];
  return (
    <ActionForm action={createUserAction} submitLabel="Create user" pendingLabel="Creating…" className="space-y-4" resetOnSuccess>
      {(state) => (
        <div className="grid gap-4">
          <Field label="Email" name="email" error={state?.fieldErrors?.email}>
            {(props) => <input {...props} type="email" autoComplete="off" className={inputClasses} />}
          </Field>
          <Field label="Name" name="name">
            {(props) => <input {...props} className={inputClasses} />}
          </Field>
          <Field label="Role" name="role">
            {(props) => (
              <select {...props} defaultValue="staff" className={inputClasses}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Password" hint="Leave empty to generate one." name="password">
            {(props) => <input {...props} type="password" autoComplete="new-password" className={inputClasses} />}
          </Field>
        </div>
      )}
    </ActionForm>
  );
}

export type UserRow = { id: number; email: string; name: string; role: UserRole; active: boolean; surveyIds: number[] };

export function UserCard({
  user,
  actor,
  surveys,
}: {
  user: UserRow;
  actor: { id: number; role: UserRole };
  surveys: Array<{ id: number; name: string }>;
}) {
  const manageable = actor.role === "owner" || user.role !== "owner";
  const roles: UserRole[] = actor.role === "owner" ? ["staff", "admin", "owner"] : ["staff", "admin"];
  return (
    <li className="space-y-3 px-4 py-4" data-testid="user-row">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-900">{user.email}</span>
        {user.name ? <span className="text-sm text-slate-500">{user.name}</span> : null}
        <Badge tone={user.role === "staff" ? "slate" : "indigo"}>{ROLE_LABEL[user.role]}</Badge>
        {user.active ? null : <Badge tone="rose">Deactivated</Badge>}
        {user.id === actor.id ? <Badge>You</Badge> : null}
      </div>
      {manageable ? (
        <div className="flex flex-wrap items-start gap-x-6 gap-y-3">
          <ActionForm action={updateUserAction} submitLabel="Change role" submitVariant="secondary" className="flex flex-wrap items-end gap-2" footerClassName="">
            {() => (
              <>
                <input type="hidden" name="userId" value={user.id} />
                <label className="text-sm text-slate-700">
                  <span className="sr-only">Role of {user.email}</span>
                  <select name="role" defaultValue={user.role} className={`${inputClasses} mt-0 w-40`}>
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
          </ActionForm>
          <ActionForm action={resetPasswordAction} submitLabel="Reset password" submitVariant="secondary" className="flex flex-wrap items-center gap-2" footerClassName="">
            {() => <input type="hidden" name="userId" value={user.id} />}
          </ActionForm>
          <ActionForm
            action={updateUserAction}
            submitLabel={user.active ? "Deactivate" : "Activate"}
            submitVariant={user.active ? "danger" : "secondary"}
            className="flex flex-wrap items-center gap-2"
            footerClassName=""
          >
            {() => (
              <>
                <input type="hidden" name="userId" value={user.id} />
                <input type="hidden" name="active" value={user.active ? "false" : "true"} />
              </>
            )}
          </ActionForm>
          <Link
            href={`/admin/users/${user.id}/tokens`}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            API tokens
          </Link>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Only a server owner can change an owner.</p>
      )}
      {user.role === "staff" ? (
        <details className="rounded-md bg-slate-50 px-3 py-2 ring-1 ring-inset ring-slate-200">
          <summary className="cursor-pointer text-sm font-medium text-slate-700">
            Survey access ({user.surveyIds.length} of {surveys.length})
          </summary>
          <ActionForm action={setSurveyAccessAction} submitLabel="Save access" submitVariant="secondary" className="mt-3 space-y-3" footerClassName="">
            {() => (
              <>
                <input type="hidden" name="userId" value={user.id} />
                {surveys.length === 0 ? <p className="text-sm text-slate-500">There are no surveys yet.</p> : null}
                <div className="grid gap-2 sm:grid-cols-2">
                  {surveys.map((s) => (
                    <label key={s.id} className="flex items-center gap-2 text-sm text-slate-800">
                      <input type="checkbox" name="surveyId" value={s.id} defaultChecked={user.surveyIds.includes(s.id)} />
                      {s.name}
                    </label>
                  ))}
                </div>
              </>
            )}
          </ActionForm>
        </details>
      ) : null}
    </li>
  );
}
