"""Made-up names, places and offences for demo data, from many languages and scripts."""

NAMES = (
    "José Ñúñez", "María Fernanda López", "Nguyễn Thị Minh Khai", "Trần Văn Hùng",
    "محمد عبد الله", "فاطمة الزهراء", "Ольга Петрова", "Дмитрий Иванов", "王小明", "李娜",
    "山田太郎", "佐藤花子", "김민준", "이서연", "Jean-Baptiste Étienne", "Gonçalo Araújo",
    "Łukasz Wiśniewski", "Zoë Ó Súilleabháin", "Αλέξανδρος Παπαδόπουλος", "Mehmet Yılmaz",
    "Björn Åström", "Oksana Kovalenko", "Carlos Andrés Gutiérrez", "Ana Lúcia Conceição",
    "Rahul Sharma", "राहुल शर्मा", "Kwame Mensah", "Amadou Diallo", "Ngozi Okafor",
    "Juan Pablo Hernández", "Wilson Pérez Castillo", "Yesenia Ramírez", "Đặng Thu Thảo",
    "Phạm Quốc Bảo", "Hamid Rahimi", "Zainab Haidari", "Stanislav Novák", "Ivana Horvat",
    "Luis Ángel Morales", "Rosa Elena Chávez", "Jorge Iván Quiñones", "Thiago Brandão",
    "Samuel Desrosiers", "Widline Pierre-Louis", "Ahmed Hassan", "Leila Karimi",
    "Marco Antônio Silva", "Pedro Martínez Ruiz", "Sofía Castañeda", "Tomás Ibáñez",
)

LOCATIONS = (
    "North St & Fenn St", "Tyler St", "Wahconah St", "First St", "Elm St & East St",
    "Dalton Ave", "West Housatonic St", "Merrill Rd", "Columbus Ave", "Park Square",
    "Winter St", "Lakeview Dr", "Broad St", "Washington St", "Main St",
)

OFFENSES = (
    "OUI liquor", "Operating after suspended license", "Assault & battery",
    "Shoplifting", "Larceny over $1,200", "Disorderly conduct", "Trespass",
    "Possession class B", "Assault & battery on household member", "Receiving stolen property",
    "Default warrant", "Malicious destruction of property", "Uninsured motor vehicle",
    "Unlicensed operation of motor vehicle", "Breaking & entering nighttime",
)

ICE_OFFICIALS = (
    "SDDO R. Callahan", "Deportation Officer M. Ortiz", "IEA K. Bishop",
    "SDDO T. Whitfield", "Deportation Officer L. Chen", "AFOD P. Donnelly",
)

ICE_OFFICES = (
    "ERO Boston Field Office, Burlington MA", "ERO Boston Sub-Office, Hartford CT",
    "Law Enforcement Support Center, Williston VT",
)

CITIZENSHIPS = (
    "Guatemala", "El Salvador", "Honduras", "Mexico", "Dominican Republic", "Brazil",
    "Vietnam", "China", "Ukraine", "Russia", "Haiti", "Ghana", "Nigeria", "Afghanistan",
    "Iraq", "India", "Colombia", "Ecuador", "Jamaica", "Poland",
)
