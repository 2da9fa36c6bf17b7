//! Word lists the fake organization is made of: people's names, badge topics and skills,
//! departments, reasons.
//!
//! Static data only, ASCII only so that any byte offset into rendered JSON is a character
//! boundary. Depends on nothing.

/// The item at `position`, wrapping around the end of the list.
pub(super) fn nth<T: Copy>(list: &[T], position: usize) -> T {
    let wrapped = position % list.len().max(1);
    *list
        .get(wrapped)
        .expect("word lists are non-empty constants")
}

pub(super) const FIRST_NAMES: [&str; 80] = [
    "Priya", "James", "Mei", "Olga", "Ahmed", "Sofia", "Liam", "Aisha", "Carlos", "Yuki", "Noah",
    "Fatima", "Elena", "Kwame", "Ingrid", "Mateo", "Hannah", "Ravi", "Chloe", "Tomasz", "Amara",
    "Lucas", "Zainab", "Emil", "Grace", "Hiroshi", "Nadia", "Oliver", "Leila", "Diego", "Anna",
    "Samuel", "Chen", "Isabel", "Malik", "Freya", "Arjun", "Maria", "Jonas", "Ngozi", "Ethan",
    "Lina", "Pavel", "Rosa", "Tariq", "Emma", "Kenji", "Amelia", "Mohammed", "Sara", "Daniel",
    "Ayesha", "Felix", "Julia", "Omar", "Clara", "Viktor", "Zoe", "Hassan", "Elif", "Marco",
    "Ines", "Kofi", "Mila", "Andrei", "Leah", "Sanjay", "Nora", "Gabriel", "Yara", "Theo", "Alice",
    "Bruno", "Dina", "Erik", "Farah", "Hugo", "Iris", "Jamal", "Kira",
];

pub(super) const LAST_NAMES: [&str; 80] = [
    "Natarajan",
    "Smith",
    "Chen",
    "Kowalski",
    "Haddad",
    "Rossi",
    "Okafor",
    "Tanaka",
    "Garcia",
    "Muller",
    "Johansson",
    "Ivanova",
    "Mensah",
    "Silva",
    "Nguyen",
    "Patel",
    "Kim",
    "Dubois",
    "Fischer",
    "Hernandez",
    "Ali",
    "Novak",
    "Brown",
    "Costa",
    "Sato",
    "Williams",
    "Andersen",
    "Popescu",
    "Yilmaz",
    "Martin",
    "Khan",
    "Lopez",
    "Schmidt",
    "Osei",
    "Moreau",
    "Larsen",
    "Bianchi",
    "Petrov",
    "Wong",
    "Mendes",
    "Taylor",
    "Jensen",
    "Rahman",
    "Cohen",
    "Walker",
    "Suzuki",
    "Nowak",
    "Romero",
    "Bauer",
    "Abebe",
    "Singh",
    "Lee",
    "Castro",
    "Eriksson",
    "Farouk",
    "Greene",
    "Horvat",
    "Iyer",
    "Jovanovic",
    "Kaya",
    "Lindqvist",
    "Moyo",
    "Nakamura",
    "Oliveira",
    "Park",
    "Quinn",
    "Reyes",
    "Sokolov",
    "Thompson",
    "Ueda",
    "Vargas",
    "Weber",
    "Xu",
    "Yadav",
    "Zimmermann",
    "Adeyemi",
    "Bergstrom",
    "Dimitrov",
    "Evans",
    "Fontaine",
];

pub(super) const EMAIL_DOMAINS: [&str; 5] = [
    "example.com",
    "example.org",
    "example.net",
    "mail.example.com",
    "learners.example.org",
];

/// Country, ISO code and a state or province (null where addresses rarely carry one).
pub(super) const COUNTRIES: [(&str, &str, Option<&str>); 10] = [
    ("United States", "US", Some("California")),
    ("Canada", "CA", Some("Ontario")),
    ("United Kingdom", "GB", None),
    ("Germany", "DE", Some("Bavaria")),
    ("India", "IN", Some("Karnataka")),
    ("Brazil", "BR", Some("Sao Paulo")),
    ("Japan", "JP", Some("Tokyo")),
    ("Nigeria", "NG", Some("Lagos")),
    ("Australia", "AU", Some("Victoria")),
    ("France", "FR", None),
];

/// Organization name, vanity slug and bio; the seed picks one.
pub(super) const ORGANIZATIONS: [(&str, &str, &str); 4] = [
    (
        "Example Learning Trust",
        "example-learning-trust",
        "A non-profit that helps working adults learn the skills employers ask for",
    ),
    (
        "Northwind Academy",
        "northwind-academy",
        "Professional training for the logistics and retail workforce",
    ),
    (
        "Contoso Skills Institute",
        "contoso-skills-institute",
        "Hands-on technical programs for cloud, data and security teams",
    ),
    (
        "Fabrikam Workforce Labs",
        "fabrikam-workforce-labs",
        "Upskilling and credentialing for manufacturing and engineering staff",
    ),
];

/// A badge topic and the skills it teaches.
pub(super) const TOPICS: [(&str, [&str; 3]); 40] = [
    (
        "Cloud Architecture",
        ["Cloud Computing", "Solution Design", "AWS"],
    ),
    ("Data Privacy", ["Data Protection", "Privacy", "GDPR"]),
    (
        "Project Management",
        ["Project Planning", "Scheduling", "Stakeholder Management"],
    ),
    ("Agile Delivery", ["Scrum", "Kanban", "Agile Methodologies"]),
    (
        "Cybersecurity",
        ["Threat Modeling", "Network Security", "Security Awareness"],
    ),
    (
        "Machine Learning",
        ["Machine Learning", "Python", "Model Evaluation"],
    ),
    (
        "Customer Success",
        ["Customer Retention", "Account Management", "Empathy"],
    ),
    (
        "Leadership",
        ["Coaching", "Decision Making", "Team Building"],
    ),
    (
        "Data Analytics",
        ["SQL", "Data Visualization", "Statistics"],
    ),
    (
        "DevOps",
        ["Continuous Integration", "Infrastructure As Code", "Linux"],
    ),
    ("API Integration", ["RESTful APIs", "Web Protocols", "APIs"]),
    (
        "Accessibility",
        ["WCAG", "Inclusive Design", "Assistive Technology"],
    ),
    (
        "Technical Writing",
        ["Documentation", "Editing", "Information Architecture"],
    ),
    (
        "UX Research",
        ["User Interviews", "Usability Testing", "Personas"],
    ),
    ("Network Engineering", ["Routing", "Switching", "TCP/IP"]),
    (
        "Financial Literacy",
        ["Budgeting", "Financial Analysis", "Forecasting"],
    ),
    (
        "Sustainability",
        ["Carbon Accounting", "ESG Reporting", "Circular Economy"],
    ),
    (
        "Quality Assurance",
        ["Test Automation", "Test Planning", "Defect Tracking"],
    ),
    ("Mentoring", ["Mentoring", "Active Listening", "Feedback"]),
    (
        "Public Speaking",
        ["Presentation Skills", "Storytelling", "Communication"],
    ),
    (
        "Python Programming",
        ["Python", "Object-Oriented Programming", "Debugging"],
    ),
    ("Database Design", ["Data Modeling", "SQL", "Normalization"]),
    (
        "Incident Response",
        ["Incident Management", "Forensics", "Root Cause Analysis"],
    ),
    (
        "Supply Chain",
        ["Logistics", "Inventory Management", "Procurement"],
    ),
    (
        "Health and Safety",
        ["Risk Assessment", "Workplace Safety", "Compliance"],
    ),
    (
        "Digital Marketing",
        ["SEO", "Content Marketing", "Marketing Analytics"],
    ),
    (
        "Change Management",
        ["Organizational Change", "Communication", "Training"],
    ),
    ("Risk Management", ["Risk Analysis", "Controls", "Audit"]),
    (
        "Design Thinking",
        ["Ideation", "Prototyping", "Problem Solving"],
    ),
    (
        "Sales Enablement",
        ["Sales Methodology", "Negotiation", "CRM"],
    ),
    (
        "Kubernetes Operations",
        ["Kubernetes", "Containers", "Helm"],
    ),
    ("Frontend Development", ["JavaScript", "CSS", "React"]),
    (
        "Conflict Resolution",
        ["Mediation", "Negotiation", "Emotional Intelligence"],
    ),
    (
        "Negotiation",
        ["Negotiation", "Persuasion", "Contract Basics"],
    ),
    (
        "Lean Six Sigma",
        [
            "Process Improvement",
            "DMAIC",
            "Statistical Process Control",
        ],
    ),
    (
        "Inclusive Hiring",
        ["Structured Interviewing", "Bias Awareness", "Recruiting"],
    ),
    ("First Aid", ["First Aid", "CPR", "Emergency Response"]),
    ("Mobile Development", ["Android", "iOS", "Kotlin"]),
    (
        "Business Writing",
        ["Business Communication", "Editing", "Writing"],
    ),
    (
        "Observability",
        ["Monitoring", "Logging", "Distributed Tracing"],
    ),
];

/// Template name suffix and the level it implies (index into `LEVELS`, or none).
pub(super) const SUFFIXES: [(&str, Option<usize>); 8] = [
    ("Foundations", Some(0)),
    ("Essentials", Some(0)),
    ("Practitioner", Some(1)),
    ("Specialist", Some(1)),
    ("Professional", Some(2)),
    ("Expert", Some(2)),
    ("Advanced Practitioner", Some(2)),
    ("Champion", None),
];

pub(super) const LEVELS: [&str; 3] = ["Foundational", "Intermediate", "Advanced"];

pub(super) const TYPE_CATEGORIES: [&str; 2] = ["Learning", "Experience"];

/// Skills any template may add to its topic's skills.
pub(super) const GENERIC_SKILLS: [&str; 6] = [
    "Communication",
    "Problem Solving",
    "Teamwork",
    "Critical Thinking",
    "Collaboration",
    "Time Management",
];

/// Description forms; `{}` is the topic in lower case. Each template revision picks one.
pub(super) const DESCRIPTIONS: [&str; 4] = [
    "Earners of this badge have demonstrated a working knowledge of {}",
    "Awarded for completing the program and assessment in {}",
    "Recognises hands-on experience applying {} in a real project",
    "The earner can explain and apply the core practices of {} on the job",
];

/// Activity title form and activity type of a template's required activity.
pub(super) const ACTIVITIES: [(&str, &str); 3] = [
    ("Completed the {} course", "Education"),
    ("Passed the {} assessment", "Assessment"),
    (
        "Applied {} on a production project",
        "Professional Experience",
    ),
];

pub(super) const REVOCATION_REASONS: [&str; 5] = [
    "Issued in error",
    "Issued to the wrong recipient",
    "Certification requirements are no longer met",
    "Superseded by a newer version of the badge",
    "Academic integrity violation",
];

/// Department, job family, organization levels 1 to 3 and the titles found there.
pub(super) const DEPARTMENTS: [(&str, &str, [&str; 3], [&str; 3]); 8] = [
    (
        "Engineering",
        "f100",
        ["Technology", "Product Engineering", "Platform"],
        [
            "Software Engineer",
            "Senior Software Engineer",
            "Engineering Manager",
        ],
    ),
    (
        "Data",
        "f110",
        ["Technology", "Data and Analytics", "Insights"],
        ["Data Analyst", "Data Engineer", "Data Scientist"],
    ),
    (
        "Sales",
        "f200",
        ["Commercial", "Field Sales", "Enterprise"],
        ["Account Executive", "Sales Engineer", "Sales Manager"],
    ),
    (
        "Marketing",
        "f210",
        ["Commercial", "Marketing", "Demand Generation"],
        [
            "Marketing Coordinator",
            "Content Strategist",
            "Marketing Manager",
        ],
    ),
    (
        "Finance",
        "f300",
        ["Corporate", "Finance", "Planning"],
        ["Financial Analyst", "Accountant", "Controller"],
    ),
    (
        "Human Resources",
        "f310",
        ["Corporate", "People", "Talent"],
        ["HR Business Partner", "Recruiter", "Learning Specialist"],
    ),
    (
        "Customer Support",
        "f400",
        ["Operations", "Customer Experience", "Support"],
        [
            "Support Specialist",
            "Support Team Lead",
            "Customer Success Manager",
        ],
    ),
    (
        "Operations",
        "f410",
        ["Operations", "Supply Chain", "Logistics"],
        [
            "Operations Analyst",
            "Operations Manager",
            "Logistics Coordinator",
        ],
    ),
];

pub(super) const TEAMS: [&str; 8] = [
    "Platform",
    "Payments",
    "Onboarding",
    "Analytics",
    "Growth",
    "Enterprise",
    "Core",
    "Mobile",
];

/// Job levels of an employment record.
pub(super) const JOB_LEVELS: [&str; 4] = ["L1", "L2", "L3", "L4"];

/// Event types Credly may add later; the fake serves a few of them when quirks are on.
pub(super) const UNKNOWN_EVENT_TYPES: [&str; 3] = [
    "badge.endorsed",
    "badge.shared",
    "organization.webhook.tested",
];

/// Unknown values of the extra `source` field some summaries carry when quirks are on.
pub(super) const EXTRA_SOURCES: [&str; 3] = ["api", "web", "bulk_import"];
