//! Staff roles and what each may do.

use crate::validation::FieldError;

/// A staff user's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including users, teams and settings.
    Admin,
    /// Sales and service management: all records, no administration of users.
    Manager,
    /// Sales representatives.
    Sales,
    /// Support agents.
    Agent,
    /// Marketing.
    Marketing,
    /// Looks, never touches.
    ReadOnly,
}

/// Something a route lets its caller do; each role holds a set of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read accounts, contacts and their notes.
    ReadCustomers,
    /// Create, change, delete and restore accounts and contacts, and write notes.
    WriteCustomers,
    /// Manage users and teams.
    ManageUsers,
    /// Configure business calendars and SLA policies.
    ManageSla,
    /// Read tickets and their conversations.
    ReadTickets,
    /// Create and work tickets: reply, write notes, change, delete and restore.
    WriteTickets,
    /// See, retry and cancel background jobs.
    ManageJobs,
    /// Change the organization's name and its service-desk rules.
    ManageSettings,
    /// Blank a message's text for good (a password or card number written in a ticket).
    RedactMessages,
    /// Read leads, opportunities and the sales figures.
    ReadSales,
    /// Create, work, convert, delete and restore leads and opportunities.
    WriteSales,
    /// Set up sales: capture forms, and later pipelines, assignment rules and territories.
    ManageSales,
    /// Write service contracts and what they entitle a customer to.
    WriteContracts,
    /// Write knowledge-base articles and their categories.
    WriteKnowledge,
}

impl Role {
    /// Every role, in the order they are usually listed.
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Manager,
        Role::Sales,
        Role::Agent,
        Role::Marketing,
        Role::ReadOnly,
    ];

    /// Parses a role name such as `read_only`.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == raw)
            .ok_or_else(|| {
                FieldError::new(
                    pointer,
                    "invalid_role",
                    "must be one of admin, manager, sales, agent, marketing, read_only",
                )
            })
    }

    /// The role's name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Agent => "agent",
            Role::Marketing => "marketing",
            Role::ReadOnly => "read_only",
        }
    }

    /// Whether this role holds `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        match permission {
            Permission::ReadCustomers => true,
            Permission::WriteCustomers => !matches!(self, Role::ReadOnly),
            Permission::ManageUsers => matches!(self, Role::Admin),
            Permission::ManageSla => matches!(self, Role::Admin | Role::Manager),
            Permission::ReadTickets => true,
            Permission::WriteTickets => !matches!(self, Role::ReadOnly | Role::Marketing),
            Permission::ReadSales => true,
            Permission::WriteSales => matches!(self, Role::Admin | Role::Manager | Role::Sales),
            Permission::ManageSales => matches!(self, Role::Admin | Role::Manager),
            Permission::WriteContracts => {
                matches!(self, Role::Admin | Role::Manager | Role::Sales)
            }
            Permission::WriteKnowledge => {
                matches!(self, Role::Admin | Role::Manager | Role::Agent)
            }
            Permission::ManageJobs | Permission::ManageSettings | Permission::RedactMessages => {
                matches!(self, Role::Admin)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse("/role", role.as_str()), Ok(role));
        }
        assert!(Role::parse("/role", "root").is_err());
    }

    #[test]
    fn only_admins_manage_users_and_read_only_never_writes() {
        let managers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.allows(Permission::ManageUsers))
            .collect();
        assert_eq!(managers, vec![Role::Admin]);
        assert!(!Role::ReadOnly.allows(Permission::WriteCustomers));
        assert!(Role::ReadOnly.allows(Permission::ReadCustomers));
    }
}
