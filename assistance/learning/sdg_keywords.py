"""Words that recommendations use for what an SDG goal or target covers, beyond its official title.

Compiled by hand from the targets' subjects and the human-rights vocabulary of recommendations (the
OHCHR's SDG–human rights linkages follow the same lines): a recommendation on "domestic violence"
belongs to target 5.2, one on "birth registration" to 16.9, though the titles do not say so in those
words. Keys are goal numbers (applying to all the goal's targets) or target codes.
"""

KEYWORDS: dict[str, str] = {
    "1": "poverty poor extreme poverty social protection social security social assistance welfare "
    "minimum income basic services vulnerable groups standard of living",
    "1.3": "social protection floors social security benefits social assistance pensions allowances "
    "unemployment benefits child benefits",
    "1.4": "land ownership property inheritance access to basic services microfinance",
    "1.5": "natural disasters resilience climate-related shocks",
    "2": "hunger food food security nutrition malnutrition right to food agriculture farmers peasants",
    "2.1": "right to food access to food famine",
    "2.2": "malnutrition stunting undernourished children nutrition",
    "2.3": "small-scale farmers smallholders indigenous farmers agricultural land",
    "3": "health health care healthcare medical hospitals right to health public health diseases",
    "3.1": "maternal mortality maternal health childbirth pregnant women prenatal care obstetric care",
    "3.2": "infant mortality child mortality newborns under-five mortality",
    "3.3": "HIV AIDS HIV/AIDS tuberculosis malaria hepatitis epidemics communicable diseases",
    "3.4": "mental health suicide non-communicable diseases psychiatric care",
    "3.5": "drugs drug use substance abuse alcohol narcotics harm reduction",
    "3.7": "sexual and reproductive health family planning contraception abortion sexuality education "
    "adolescent pregnancy",
    "3.8": "universal health coverage access to health care health services health insurance essential "
    "medicines palliative care long-term care",
    "4": "education school schools schooling pupils students learning teachers right to education",
    "4.1": "primary education secondary education free compulsory education school enrolment dropout "
    "school attendance",
    "4.2": "early childhood education preschool kindergarten",
    "4.3": "university higher education vocational training tertiary education",
    "4.5": "inclusive education access to education for children with disabilities Roma children "
    "segregation in schools indigenous children minority languages equal access to education",
    "4.6": "literacy illiteracy adult education",
    "4.7": "human rights education human rights training awareness raising awareness campaigns curricula "
    "school curricula tolerance stereotypes prejudice culture of peace",
    "4.a": "school facilities safe schools school infrastructure",
    "5": "women girls gender gender equality women's rights",
    "5.1": "discrimination against women gender discrimination equal rights of women CEDAW "
    "discriminatory provisions against women",
    "5.2": "violence against women domestic violence gender-based violence sexual violence rape marital "
    "rape sexual harassment femicide trafficking in women sexual exploitation Istanbul Convention",
    "5.3": "female genital mutilation FGM child marriage early marriage forced marriage harmful traditional "
    "practices honour crimes",
    "5.4": "unpaid care domestic work parental leave childcare work-life balance",
    "5.5": "participation of women representation of women women in decision-making women in politics "
    "women in parliament women in leadership positions quotas",
    "5.6": "sexual and reproductive health and rights reproductive rights",
    "5.a": "women's access to land property inheritance rights of women",
    "5.c": "gender equality legislation gender equality policy gender mainstreaming empowerment of women "
    "national action plan on gender equality",
    "6": "water drinking water safe water sanitation hygiene wastewater access to water",
    "7": "energy electricity",
    "8": "employment work decent work labour workers economic growth jobs",
    "8.5": "employment unemployment equal pay equal remuneration gender pay gap labour market employment of "
    "persons with disabilities right to work",
    "8.6": "youth unemployment young people employment",
    "8.7": "forced labour slavery child labour worst forms of child labour servitude bonded labour human "
    "trafficking trafficking in persons",
    "8.8": "labour rights workers' rights migrant workers domestic workers working conditions occupational "
    "safety trade unions labour inspection",
    "9": "infrastructure industry innovation internet information technology",
    "10": "inequality inequalities discrimination equality inclusion",
    "10.2": "social inclusion social exclusion integration Roma minorities national minorities ethnic "
    "minorities persons with disabilities older persons inclusion of all",
    "10.3": "discrimination non-discrimination anti-discrimination legislation equal opportunities equality "
    "racial discrimination racism xenophobia hate speech hate crimes intolerance sexual orientation gender "
    "identity LGBTI equality body",
    "10.4": "fiscal policies wage policies social protection policies",
    "10.7": "migration migrants migrant asylum asylum seekers refugees statelessness stateless persons "
    "migration policies non-refoulement detention of migrants unaccompanied children border",
    "11": "cities housing urban settlements",
    "11.1": "housing adequate housing affordable housing social housing forced evictions evictions "
    "informal settlements homelessness Roma settlements slums",
    "11.2": "public transport accessibility of transport",
    "11.4": "cultural heritage",
    "11.5": "disasters disaster risk",
    "12": "sustainable consumption production waste chemicals",
    "12.4": "chemicals hazardous waste mercury pollution",
    "12.6": "business and human rights companies corporate responsibility",
    "13": "climate change climate action greenhouse gas emissions disaster risk reduction",
    "14": "oceans seas marine resources fisheries",
    "15": "forests biodiversity ecosystems land degradation desertification wildlife environment",
    "16": "peace justice institutions",
    "16.1": "violence killings homicides deaths armed violence extrajudicial executions police violence "
    "hate crimes",
    "16.2": "violence against children child abuse sexual abuse of children sexual exploitation of children "
    "corporal punishment child pornography sale of children trafficking in children trafficking in persons "
    "trafficking in human beings victims of trafficking",
    "16.3": "rule of law access to justice judiciary judicial system courts fair trial legal aid impunity "
    "independence of the judiciary pretrial detention prisons prison conditions juvenile justice victims "
    "remedies detained persons access to a lawyer backlog of cases International Criminal Court Rome Statute",
    "16.4": "organized crime illicit arms small arms illicit financial flows",
    "16.5": "corruption bribery anti-corruption",
    "16.6": "accountable institutions transparent institutions accountability oversight police public "
    "administration",
    "16.7": "participation in decision-making consultation civil society participation public "
    "participation elections electoral representation",
    "16.9": "birth registration legal identity identity documents nationality citizenship statelessness",
    "16.10": "freedom of expression freedom of opinion freedom of the press media journalists access to "
    "information freedom of assembly freedom of association human rights defenders freedom of religion "
    "fundamental freedoms enforced disappearance torture arbitrary detention privacy defamation",
    "16.a": "national human rights institution NHRI Paris Principles ombudsman national preventive "
    "mechanism prevention of torture counter-terrorism terrorism capacity building",
    "16.b": "non-discriminatory laws anti-discrimination laws discriminatory legislation discrimination "
    "legislation on minorities hate speech racist crimes",
    "17": "international cooperation partnership development assistance technical assistance",
    "17.2": "official development assistance ODA 0.7 per cent",
    "17.9": "capacity-building technical assistance technical cooperation",
    "17.18": "data statistics disaggregated data data collection indicators",
}

# The verbs and qualifiers every recommendation uses ("continue to take effective measures to…") say
# nothing about its subject, but would match every target title that happens to use them: ignored.
BOILERPLATE = (
    "ensure take taking measure measures state states national "
    "including include continue continuing strengthen strengthening promote promoting implement "
    "implementing implementation effective effectively effort efforts adequate adequately appropriate "
    "adopt consider protect protection provide providing particular level levels right rights human "
    "all relevant necessary steps step full fully guarantee improve increase enhance programme "
    "programmes plan action actions framework regard respect order view accordance line international "
    "obligations recommendation country"
)
