import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { BusinessRole } from "@/lib/auth/memberships";
import { assignableRoles, canManageMember } from "../permissions";
import type { Member } from "../queries";
import { MemberActions } from "./member-actions";

/** The team. On a phone the e-mail sits under the name and the join date is hidden. */
export async function MembersTable({
  members,
  me,
  myRole,
  business,
}: {
  members: Member[];
  me: string;
  myRole: BusinessRole;
  business: { id: string; name: string };
}) {
  const [t, tRoles, tc, format] = await Promise.all([
    getTranslations("settings.members"),
    getTranslations("roles"),
    getTranslations("common"),
    getFormatter(),
  ]);
  return (
    <Table data-testid="members-table">
      <TableHeader>
        <TableRow>
          <TableHead>{t("name")}</TableHead>
          <TableHead>{t("role")}</TableHead>
          <TableHead className="hidden sm:table-cell">{t("joined")}</TableHead>
          <TableHead className="w-12">
            <span className="sr-only">{t("actions")}</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => (
          <TableRow key={member.userId} data-testid="member-row" data-email={member.email ?? ""}>
            <TableCell className="max-w-[12rem] sm:max-w-none">
              <div className="truncate font-medium">
                {member.fullName}
                {member.userId === me && <span className="ml-1 text-muted-foreground">({tc("you")})</span>}
              </div>
              <div className="truncate text-xs text-muted-foreground">{member.email}</div>
            </TableCell>
            <TableCell>
              <Badge variant={member.role === "owner" ? "batik" : "secondary"} data-testid="member-role">
                {tRoles(member.role)}
              </Badge>
            </TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">
              {format.dateTime(new Date(member.joinedAt), { dateStyle: "medium" })}
            </TableCell>
            <TableCell className="text-right">
              {canManageMember(myRole, me, member) && (
                <MemberActions businessId={business.id} businessName={business.name} member={member} roles={assignableRoles(myRole)} />
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
