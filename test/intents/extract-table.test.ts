// A table of colloquial phrasings and the facts extractFacts must read out of them: money in every
// common form, ratios and growth, years and dates, durations, counts, places, industries,
// certifications with levels, first-time events and negation. Fact ids are those of rules/facts/*.yaml.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../intents/extract.js'
import { findNumbers } from '../../intents/numbers.js'
import { ctx } from '../helpers.js'

type Case = [string, Record<string, unknown>]

const money: Case[] = [
  // a bare 保费 is the premium of whatever insurance the rules in question read (export credit through its fallback)
  ['首台套综合险，一年保费45万，保额3000万', { insurancePremium: 450000, insuredAmount: 30000000 }],
  ['去年营收3500万左右，想问问能申请点啥', { revenue: 35000000 }],
  ['营业收入大概3.5千万的样子', { revenue: 35000000 }],
  ['我们一年收入三千五百万，算不算规模比较大的', { revenue: 35000000 }],
  ['营收1.2亿，利润倒是不多', { revenue: 120000000 }],
  ['销售收入1.2个亿，能拿多少奖励', { revenue: 120000000 }],
  ['年营收500w出头，小公司', { revenue: 5000000 }],
  ['营收500W，员工20来个', { revenue: 5000000 }],
  ['资产总额八百万元', { totalAssets: 8000000 }],
  ['研发费用两万五，这也能加计扣除吗', { rdExpense: 25000 }],
  ['今年收入估计能到一亿一千万', { revenue: 110000000 }],
  ['软件业务收入两千八百万，比上年多了一些', { softwareRevenue: 28000000 }],
  ['软件收入才八百来万', { softwareRevenue: 8000000 }],
  ['去年营收三千多万', { revenue: 30000000 }],
  ['营业收入1000多万', { revenue: 10000000 }],
  ['营收一亿二，软件收入占大头', { revenue: 120000000 }],
  ['营收1亿2千万', { revenue: 120000000 }],
  ['收入4个亿', { revenue: 400000000 }],
  ['营收5000万人民币', { revenue: 50000000 }],
  ['总投资1.5个亿，其中土地款两千万', { projectInvestment: 150000000, landCost: 20000000 }],
  ['项目投资额6800万元，土地费用800万元', { projectInvestment: 68000000, landCost: 8000000 }],
  ['研发投入六百五十万', { rdExpense: 6500000 }],
  ['研发费用去年花了1200万', { rdExpense: 12000000 }],
  ['跟银行贷款300万，政银保能贴多少', { loanAmount: 3000000 }],
  ['保额2000万，年保费30万', { insuredAmount: 20000000, insurancePremium: 300000 }],
  ['注册资本5000万，实缴了一半', { registeredCapital: 50000000 }],
  ['应纳税所得额280万，能按小微算吗', { taxableIncome: 2800000 }],
  ['工资总额1200万，职工教育经费支出100万', { salaryTotal: 12000000, staffEducationExpense: 1000000 }],
  ['厂房年租金八十万', { annualRent: 800000 }],
  ['房租一年三十六万', { annualRent: 360000 }],
  ['资产支持票据发行规模5个亿', { issuanceAmount: 500000000 }],
  ['芯片销售额两个亿', { chipProductSales: 200000000 }],
  ['新三板挂牌后定增融资1500万', { neeqFirstFinancing: 15000000 }],
  ['价税合计113万', { salesIncludingVat: 1130000 }],
  ['月销售额8万，按月申报', { monthlyGoodsSales: 80000, vatFilingPeriod: 'monthly' }],
  ['季度销售额28万', { quarterlyGoodsSales: 280000 }],
  ['上期期末留抵税额120万', { lastPeriodExcessInputVat: 1200000 }],
  ['技术转让所得600万，超过500万的部分怎么算', { techTransferIncome: 6000000 }],
  ['这台仪器原值120万', { instrumentValue: 1200000 }],
  ['体验中心建设费用800万', { constructionCost: 8000000 }],
  ['外地订单执行了1200万', { outsideOrderAmount: 12000000 }],
  ['出口信用保险保费交了15万', { exportCreditPremium: 150000 }],
  ['应税销售额480万，要不要转登记', { taxableSales: 4800000 }],
  ['职务科技成果转化收益200万', { conversionIncome: 2000000 }],
  ['授信额度1000万', { creditLineTotal: 10000000 }],
  ['新增财政贡献300万', { newFiscalContribution: 3000000 }],
  ['年出口额500万美元', { exportValueUsd: 5000000 }],
  ['去年出口了800万美金', { exportValueUsd: 8000000 }],
  ['资产三千万，员工两百人', { totalAssets: 30000000, employees: 200 }],
  ['营收2万5，刚起步', { revenue: 25000 }],
  ['营收八千多万，同比增长一成', { revenue: 80000000, revenueGrowth: 0.1 }],
  ['注册资本3000余万元', { registeredCapital: 30000000 }],
  ['贷款1亿2000万', { loanAmount: 120000000 }],
]

const ratios: Case[] = [
  ['去年同比增长15%', { revenueGrowth: 0.15 }],
  ['营收涨了一成半', { revenueGrowth: 0.15 }],
  ['收入翻了一番，能不能多给点', { revenueGrowth: 1 }],
  ['今年营收下降5%，还能申报吗', { revenueGrowth: -0.05 }],
  ['营收增长百分之十二', { revenueGrowth: 0.12 }],
  ['增速只有8%，是不是不够', { revenueGrowth: 0.08 }],
  ['比上年增长了12.5%', { revenueGrowth: 0.125 }],
  ['增幅20％', { revenueGrowth: 0.2 }],
  ['营收比去年少了3成', { revenueGrowth: -0.3 }],
  ['营收下滑了百分之八', { revenueGrowth: -0.08 }],
  ['增长了两成', { revenueGrowth: 0.2 }],
  ['收入两年翻番', { revenueGrowth: 1 }],
  ['减少了百分之六', { revenueGrowth: -0.06 }],
  ['大专以上学历的员工占60%', { collegeStaffRatio: 0.6 }],
  ['离岸外包收入占总收入55%', { offshoreOutsourcingRevenueRatio: 0.55 }],
  ['贷款年利率4.35%', { loanInterestRate: 0.0435 }],
  ['费率1.5%，保费谁出', { premiumRate: 0.015 }],
  ['担保费率不超过1%', { guaranteeFeeRate: 0.01 }],
  ['基金里国有资本占了三成', { stateCapitalShare: 0.3 }],
  ['排放浓度比国家标准低30%', { emissionBelowStandard: 0.3 }],
  ['这个产品原来税率是17%', { originalVatRate: 0.17 }],
  ['偿付能力充足率最低也有150%', { solvencyRatio: 1.5 }],
]

const dates: Case[] = [
  ['报关单上出口日期2018年9月12日', { exportYear: 2018, exportMonth: 9, exportDay: 12 }],
  ['货是2018年10月报关出口的', { exportYear: 2018, exportMonth: 10 }],
  ['出口日期：2018年11月1号', { exportYear: 2018, exportMonth: 11, exportDay: 1 }],
  ['我们这个项目2015年批准的', { projectApprovalYear: 2015 }],
  ['2015年核准的高速公路项目', { projectApprovalYear: 2015 }],
  ['税务登记是2016年', { taxRegistrationYear: 2016 }],
  ['项目2019年开始运营', { firstRevenueYear: 2019 }],
  ['2019年取得第一笔收入', { firstRevenueYear: 2019 }],
  ['要算2021年的项目所得', { projectTaxYear: 2021 }],
  ['2017年迁入河北的', { settledYear: 2017, region: '河北省' }],
  ['2020年实现财政自立', { selfRelianceYear: 2020 }],
]

const durations: Case[] = [
  ['持股快三年了，能抵扣吗', { holdingMonths: 36 }],
  ['持有被投企业股权两年半', { holdingMonths: 30 }],
  ['持股18个月', { holdingMonths: 18 }],
  ['持满24个月了', { holdingMonths: 24 }],
  ['公司开了一年多', { operatingYears: 1 }],
  ['展示店开了一年多', { showcaseStoreYears: 1 }],
  ['正常运营5年了', { operatingYears: 5 }],
  ['公司成立5个月', { operatingMonths: 5 }],
  ['开业才8个月，累计销售额300万', { operatingMonths: 8, cumulativeTaxableSales: 3000000 }],
  ['跟设计公司合作了三年', { designCooperationYears: 3 }],
  ['投资期限满两年', { investmentYears: 2 }],
  ['认定后第三年还能享受吗', { yearsSinceRecognition: 3 }],
  ['开了十年的老厂', { newlyLanded: false, operatingYears: 10 }],
  ['经营了5个月就转登记', { operatingMonths: 5 }],
  ['持股一年半', { holdingMonths: 18 }],
  ['开业一个半月', { operatingMonths: 1.5 }],
]

const counts: Case[] = [
  ['员工80人，算小型企业吧', { employees: 80 }],
  ['一共42个人', { employees: 42 }],
  ['公司有员工一百二十名', { employees: 120 }],
  ['从业人数298人', { employees: 298 }],
  ['公司小，拢共就十来个人干活', { enterpriseScale: 'micro' }],
  ['员工五十多人', { employees: 50 }],
  ['两款产品进了目录', { recognizedProductCount: 2 }],
  ['有3个产品被认定', { recognizedProductCount: 3 }],
  ['园区里聚集了35家电子信息制造企业', { parkElectronicFirms: 35 }],
  ['今年新增企业12家', { parkNewFirms: 12 }],
  ['主持了两项国际标准', { internationalStandardsLed: 2, ledInternationalStandard: true }],
  ['在高铁站开了3家形象店', { showcaseStores: 3 }],
  ['12个新员工参加了培训', { traineeCount: 12 }],
  ['年度考核排第3名', { assessmentRank: 3 }],
  ['转炉120吨', { converterTonnage: 120 }],
  ['1080立方米的高炉', { blastFurnaceVolume: 1080 }],
  ['8英寸晶圆线', { waferSizeInch: 8, industry: 'semiconductor' }],
  ['12寸线', { waferSizeInch: 12 }],
  ['占地3万平米', { landArea: 30000 }],
  ['用电是110千伏的', { voltageKv: 110 }],
  ['35kV供电', { voltageKv: 35 }],
  ['税收比重提高了2个百分点', { taxShareIncreasePoints: 2 }],
]

const regions: Case[] = [
  ['我们在白沟做拉杆箱的', { region: '白沟新城' }],
  ['冀 企业上市奖励', { region: '河北省' }],
  ['石家庄这边一家做软件开发的公司', { region: '石家庄市', industry: 'software' }],
  ['阳谷的电子厂', { region: '阳谷县' }],
  ['南湖这边有什么补贴', { region: '南湖区' }],
  ['桐乡一家做光纤的', { region: '桐乡市', industry: 'electronicManufacturing' }],
  ['深圳南山的芯片设计公司', { region: '南山区', industry: 'semiconductor' }],
  ['我们在雄安', { region: '雄安新区' }],
  ['聊城高新区的企业', { region: '聊城高新技术产业开发区' }],
  ['嘉兴经开区的', { region: '嘉兴经济技术开发区' }],
  ['东昌府区一家企业', { region: '东昌府区' }],
  ['注册在海宁，工厂在桐乡', { region: '海宁市' }],
  ['浙江嘉兴秀洲的', { region: '秀洲区' }],
  ['山东聊城阳谷县的', { region: '阳谷县' }],
  ['河北省保定市', { region: '保定市' }],
  ['宝安区做封装的', { region: '宝安区', industry: 'semiconductor' }],
  ['沧州渤海新区的化工企业', { region: '渤海新区', industryCategory: 'chemicalMaterials' }],
  ['定州的', { region: '定州市' }],
  ['位于唐山', { region: '唐山市' }],
  ['嘉善县的', { region: '嘉善县' }],
  ['临清做轴承加工的', { region: '临清市', industry: 'manufacturing' }],
]

const industries: Case[] = [
  ['我们主要接软件外包的活', { industry: 'software', inTechServiceScope: true }],
  ['我们是做芯片封装测试的', { industry: 'semiconductor' }],
  ['主打产品是6英寸碳化硅衬底片', { industry: 'semiconductor', chipSubstrate: 'compound' }],
  ['电子元器件厂', { industry: 'electronicManufacturing' }],
  ['机械加工厂', { industry: 'manufacturing' }],
  ['开超市的', { industry: 'commerce', industryCategory: 'wholesaleRetail' }],
  ['做SaaS的创业公司', { industry: 'software' }],
  ['我们是一家融资租赁公司，想咨询一下', { industry: 'finance' }],
  ['做水泥的', { industrySegment: 'buildingMaterials', industryCategory: 'nonMetallicMineral' }],
  ['我们是钢厂', { industrySegment: 'steel', energyIntensiveSector: true }],
  ['清河那边做羊绒衫加工的小作坊', { industrySegment: 'cashmere' }],
  ['白沟开箱包厂的，问问补贴', { industrySegment: 'luggage' }],
  ['办公家具', { industrySegment: 'furniture' }],
  ['搞咨询的', { industry: 'services' }],
  ['汽车零部件企业', { industryCategory: 'automobile' }],
  ['做物流的', { industryCategory: 'otherIndustry' }],
  ['咱属于小微企业吧，能贷款吗', { enterpriseScale: 'micro', borrowerType: 'smallMicro' }],
  ['我们公司去年转成一般纳税人了', { vatTaxpayerType: 'general' }],
  ['小规模纳税人，按季申报', { vatTaxpayerType: 'smallScale', vatFilingPeriod: 'quarterly' }],
  ['纳税信用A级', { taxCreditRating: 'A' }],
  ['外贸公司', { exporterType: 'tradingCompany' }],
  ['去年刚在新三板挂牌，有奖励没', { listingType: 'neeq' }],
  ['打算IPO', { listingType: 'ipo' }],
  ['主导制定了一项国家标准', { standardKind: 'national' }],
  ['评上了省级智能工厂', { smartManufacturingTitle: 'provincialSmartFactory', recognitionLevel: 'provincial' }],
  ['拿了中国专利奖金奖', { patentAwardLevel: 'national', patentAwardGrade: 'gold' }],
  ['我们是众创空间', { incubatorType: 'makerSpace' }],
  ['全职引进的博士', { talentEmployment: 'fullTime', talentFullTime: true }],
  ['我们是本地城商行的信贷部', { financialInstitutionType: 'bankingInstitution', localFinancialInstitution: true }],
  ['我们这儿是县级市，财政能拿多少', { countyType: 'countyCity' }],
]

const certifications: Case[] = [
  ['刚拿到CMMI三级证书', { cmmiLevel: 3 }],
  ['刚过了CMMI 5', { cmmiLevel: 5 }],
  ['CMMI5级', { cmmiLevel: 5 }],
  ['cmmi3级有奖励吗', { cmmiLevel: 3 }],
  ['ITSS二级', { itssLevel: 2 }],
  ['运维资质三级', { itssLevel: 3 }],
  ['信息系统建设和服务能力评估CS4级', { csLevel: 4 }],
  ['CCRC二级', { ccrcLevel: 2 }],
  ['CMMI三级，ITSS二级，都拿到了', { cmmiLevel: 3, itssLevel: 2 }],
  ['过了ISO27001', { iso27001Certified: true }],
  ['咱家是高新技术企业，证还在有效期', { highTechEnterprise: true, highTechOrTechSme: true }],
  ['我们是高企', { highTechEnterprise: true }],
  ['科技型中小企业入库了', { highTechOrTechSme: true, techSmeRegistered: true }],
  ['T/SIA009二级', { tsia009Level: 2 }],
  ['评上了省重点软件企业有啥说法', { softwareEnterpriseList: 'zhejiangKey' }],
  ['进了软件百强', { softwareEnterpriseList: 'chinaTop100' }],
  ['产品被评为首版次软件产品', { industry: 'software' }],
  ['是国家知识产权优势企业', { nationalIpEnterprise: true }],
  ['是省里认定的军民融合企业', { militaryCivilEnterprise: true }],
  ['我们算规上工业企业了', { aboveScaleIndustrial: true }],
]

const firstTime: Case[] = [
  ['第一次申报CMMI', { firstTime: true }],
  ['今年头一回进规上', { firstTime: true, aboveScaleIndustrial: true }],
  ['首次入选省重点软件企业', { firstTime: true, softwareEnterpriseList: 'zhejiangKey', recognitionLevel: 'provincial' }],
  ['初次认定高新技术企业', { firstTime: true, highTechEnterprise: true }],
  ['今年新进规上企业', { firstTime: true }],
  ['这是又一次被评上', { firstTime: false }],
  ['连续第二年申报', { firstTime: false }],
  ['复审通过的高企', { firstTime: false, highTechEnterprise: true }],
  ['前年就拿过了', { firstTime: false }],
  ['已经是第二次申请了', { firstTime: false }],
  ['不是首次认定', { firstTime: false }],
  ['营收首回破亿', { firstTime: true }],
]

const negation: Case[] = [
  ['还没买综合险', { comprehensiveInsurance: false }],
  ['厂子还没进规上，差一点', { aboveScaleIndustrial: false }],
  ['不是规上企业', { aboveScaleIndustrial: false }],
  ['基金还没备案', { fundRegistered: false }],
  ['项目不在化工园区', { inChemicalPark: false }],
  ['设备是二手的', { newEquipment: false }],
  ['我们只是参与制定，不是牵头', { ledStandardRevision: false }],
  ['收入没单独核算', { separateAccounting: false }],
  ['是分公司', { independentLegalPerson: false }],
  ['对方没有任何资信评级', { foreignPartnerHighCredit: false }],
  ['科技型中小企业评价交了材料，还没拿到登记编号', { techSmeRegistered: false }],
  ['尚未认定为技术先进型服务企业', { techServiceCertified: false }],
  ['我们县不是贫困县', { poorCounty: false }],
  ['没有被立案调查', { underRegulatoryInvestigation: false }],
  ['不属于限制类', { restrictedIndustry: false }],
  ['没在化工园区里', { inChemicalPark: false }],
  ['没有被认定为省虚拟现实公共应用体验中心', { provincialVrCenter: false }],
  ['尚未认定高新技术企业', { highTechEnterprise: false }],
  ['高新技术企业尚未认定下来', { highTechEnterprise: false }],
  ['不是高新技术企业', { highTechEnterprise: false }],
  ['高企去年没通过', { highTechEnterprise: false }],
  ['高新技术企业认定没通过', { highTechEnterprise: false }],
  ['产品没进首台套目录', { inFirstSetCatalogue: false }],
  ['不是新设备', { newEquipment: false }],
  ['没受过行政处罚', { recentRegulatoryPenalty: false }],
  ['未列入失信黑名单', { dishonestRecord: false }],
  ['我们是本地老企业', { newlyLanded: false }],
  ['柔性引进的专家', { talentFullTime: false }],
  ['没进规上，规模以下', { aboveScaleIndustrial: false }],
  ['这款保险产品还没向主管部门备案', { productFiled: false }],
]

const mixed: Case[] = [
  ['我们是桐乡的软件企业，软件收入两千四百万，增长了一成半', { region: '桐乡市', industry: 'software', softwareRevenue: 24000000, revenueGrowth: 0.15 }],
  ['阳谷县电子企业，员工95个人，营收过了1.2个亿', { region: '阳谷县', employees: 95, revenue: 120000000 }],
  ['石家庄一家机械厂，资产总额四千万，从业人数260人', { region: '石家庄市', totalAssets: 40000000, employees: 260 }],
  ['南湖区软件公司，头一回过CMMI三级', { region: '南湖区', firstTime: true, cmmiLevel: 3 }],
  ['我们深圳南山做碳化硅的，6英寸线', { region: '南山区', chipSubstrate: 'compound', waferSizeInch: 6 }],
  ['创投企业已备案，持股两年了，投了八百万', { vcFiled: true, holdingMonths: 24, equityInvestmentAmount: 8000000 }],
  ['小规模纳税人，开业5个月，累计开票120万', { vatTaxpayerType: 'smallScale', operatingMonths: 5, cumulativeTaxableSales: 1200000 }],
  ['高新技术企业，研发费用800万，应纳税所得额1500万', { highTechEnterprise: true, rdExpense: 8000000, taxableIncome: 15000000 }],
  ['总投资3.2亿的技改项目，设备投资已经完成', { projectInvestment: 320000000, equipmentInvestmentCompleted: true }],
  ['嘉兴的，连续第二年进浙江省重点软件企业名单了', { region: '嘉兴市', firstTime: false, softwareEnterpriseList: 'zhejiangKey' }],
]

// this round's mechanisms, each in phrasings written for it
const shorthand: Case[] = [
  ['营收1.2kw，利润一般', { revenue: 12000000 }],
  ['项目总投资6kw，其中土地800w', { projectInvestment: 60000000, landCost: 8000000 }],
  ['去年营业收入2.4M RMB', { revenue: 2400000 }],
  ['营收两个多亿，员工三百来人', { revenue: 200000000 }],
  ['收入同比增长百分之十二点五', { revenueGrowth: 0.125 }],
]
const deniedNearby: Case[] = [
  ['我们这只基金不做房地产，只投制造业', { realEstate: false }],
  ['公司没上过失信黑名单', { dishonestRecord: false }],
  ['投的这家企业不属于房地产开发', { realEstate: false }],
  ['我们从来没有被列入失信名单，黑名单也没有', { dishonestRecord: false }],
  ['这笔钱不涉及楼盘项目', { realEstate: false }],
]
const notWhereItIs: Case[] = [
  ['我们是一家从苏州搬过来的企业，现在注册在嘉兴', { region: '嘉兴市' }],
  ['公司在聊城，老板是从北京迁来的', { region: '聊城市' }],
  ['我们在德州，听说聊城那边有补贴', { region: '德州市' }],
  ['东莞的一家模具厂想问问', { region: '东莞市' }],
  ['我们清河做羊绒的', { region: '清河县' }],
  // moving the enterprise there, however the move is said
  ['要是公司搬去桐乡呢', { region: '桐乡市' }],
  ['打算把注册地迁往雄安', { region: '雄安新区' }],
  ['换去深圳注册的话', { region: '深圳市' }],
]
const ranksAndOrdinals: Case[] = [
  ['年度考核排第三，能拿多少', { assessmentRank: 3 }],
  ['我们考评排名第5', { assessmentRank: 5 }],
  ['这台装备是用户用的同款第2台', { unitOrdinal: 2 }],
  ['第一次过了CMMI三级', { firstTime: true }],
  ['今年刚被认定为省级企业技术中心', { firstTime: true, recognitionLevel: 'provincial' }],
]
const theSpeaker: Case[] = [
  ['我们是一家城商行，想问问创新信贷产品的奖励', { applicantType: 'bank' }],
  ['县里帮我们企业争取的奖补能不能给我们企业', { applicantType: 'enterprise' }],
  ['一家私募基金投了我们公司，我们企业能拿奖励吗', { applicantType: 'enterprise' }],
  ['我行是农村商业银行', { applicantType: 'bank' }],
  ['我县财政局想申请奖补', { applicantType: 'countyGovernment' }],
]
const itemsNamedLater: Case[] = [
  ['有3项作品拿了红点之星', { topDesignGoldAwards: 3 }],
  ['里面有三成是政府引导基金出的', { stateCapitalShare: 0.3 }],
  ['服务合同实际花了48万', { designServiceAmount: 480000 }],
  ['工资总额1800万，职工培训花了120万', { salaryTotal: 18000000, staffEducationExpense: 1200000 }],
  ['软件收入第一次过两千万，到了2300万', { softwareRevenue: 23000000 }],
]
const eventDates: Case[] = [
  ['我们2019年新买了几台机床', { purchaseYear: 2019 }],
  ['设备是2021年购进的', { purchaseYear: 2021 }],
  ['2020年12月采购了一条生产线', { purchaseYear: 2020 }],
  ['去年3月买了一台加工中心，2018年的事', { assetIsBuilding: false }],
  ['2017年购置的办公楼', { purchaseYear: 2017, assetIsBuilding: true }],
]
const twoPeriods: Case[] = [
  ['主营收入上上年四千二百万，上年五千零四十万', { revenue: 50400000, revenueGrowth: 0.2 }],
  ['软件这块收入2022年是2000万，2023年2600万', { revenue: 26000000, revenueGrowth: 0.3 }],
  ['我们今年营业收入八千万，去年是六千四百万', { revenue: 80000000, revenueGrowth: 0.25 }],
  ['前年营收1200万，去年涨到1500万', { revenue: 15000000, revenueGrowth: 0.25 }],
  ['销售收入前年0.3亿，去年翻了一番', { revenue: 60000000, revenueGrowth: 1 }],
  ['前年营收两千万，去年增长了三成', { revenue: 26000000, revenueGrowth: 0.3 }],
  ['市本级今年用自有财力补助县里1500万，上年是1200万', { citySubsidy: 15000000, citySubsidyLastYear: 12000000 }],
  ['营收今年比去年翻了一番，达到九千万', { revenue: 90000000, revenueGrowth: 1 }],
  ['去年营收六千万，比上年增长了两成', { revenue: 60000000, revenueGrowth: 0.2 }],
  ['软件收入1.2亿，同比增长50%', { softwareRevenue: 120000000, revenueGrowth: 0.5 }],
]
const growthOfAnother: [string, string][] = [
  ['营收3100万，净利润增长了18%', 'revenueGrowth'],
  ['去年软件收入五千万，纳税额增长三成', 'revenueGrowth'],
  ['员工人数增长20%，营收持平', 'revenueGrowth'],
  ['研发投入增长了25%', 'revenueGrowth'],
  ['利润同比增长15%，收入4000万', 'revenueGrowth'],
]
const deniedLevels: Case[] = [
  ['这回直接过了CMMI五级，三级四级都没评过', { cmmiLevel: 5 }],
  ['没做过三级，今年第一次就拿了CMMI四级', { cmmiLevel: 4 }],
  ['CMMI没过四级，只拿到了三级', { cmmiLevel: 3 }],
  ['我们不是五级，刚过了CMMI三级', { cmmiLevel: 3 }],
  ['刚评上CMMI四级，之前并没有评过三级', { cmmiLevel: 4 }],
]
const perItem: Case[] = [
  ['派了5个员工去培训，每人培训费6000元', { traineeCount: 5, trainingFeePerTrainee: 6000 }],
  ['培训了8名员工，人均培训费5k', { traineeCount: 8, trainingFeePerTrainee: 5000 }],
  ['每人培训费四千元，共10名学员', { trainingFeePerTrainee: 4000, traineeCount: 10 }],
  ['公司组织3名技术员参加培训，单人培训费8000元', { traineeCount: 3, trainingFeePerTrainee: 8000 }],
  ['共培训员工20人，平均每人培训费1500元', { traineeCount: 20, trainingFeePerTrainee: 1500 }],
]
const namedLoosely: Case[] = [
  ['外包业务里市外客户的订单执行了800万', { outsideOrderAmount: 8000000 }],
  ['技术先进型服务收入占了七成', { techServiceRevenueRatio: 0.7 }],
  ['一个季度提供服务的销售额28万', { quarterlyServiceSales: 280000 }],
  ['研发费用900万，其中80万形成了无形资产', { rdExpense: 9000000, rdCapitalisedStated: 800000 }],
  ['软件外包订单一共3000万，其中外地客户的单子1200万', { outsideOrderAmount: 12000000 }],
]
const yesNoInOtherWords: Case[] = [
  ['去年被省里评为绿色制造示范企业', { greenDemoSelected: true }],
  ['今年入选了省里的绿色制造示范企业名单', { greenDemoSelected: true }],
  ['我们还没被认定为定制试点示范', { customizationDemoRecognized: false }],
  ['没有被纳入失信联合惩戒的黑名单', { dishonestRecord: false }],
  ['没有失信记录，也从来没进过什么黑名单', { dishonestRecord: false }],
]
const comparedTheOtherWay: Case[] = [
  ['增幅比全市平均低了1个多百分点', { growthAboveCityAverage: false }],
  ['营收增速跟全市平均比还差一点', { growthAboveCityAverage: false }],
  ['增长比全市平均慢', { growthAboveCityAverage: false }],
  ['增速高于全市平均', { growthAboveCityAverage: true }],
  ['营收增幅比全市平均还高一点', { growthAboveCityAverage: true }],
]
const whereItIsBuilt: Case[] = [
  ['我们是北京的企业，准备到沧州投资30亿建新厂', { region: '北京市', projectRegion: '沧州市' }],
  ['总部在上海，打算去唐山新建一条产线', { region: '上海市', projectRegion: '唐山市' }],
  ['我们是深圳公司，计划在保定设立生产基地', { region: '深圳市', projectRegion: '保定市' }],
  ['苏州的企业，想来廊坊落户一个新项目', { region: '苏州市', projectRegion: '廊坊市' }],
  ['我们杭州做电池的，准备在邯郸投资建厂', { region: '杭州市', projectRegion: '邯郸市' }],
]
const measureWordsAgree: Case[] = [
  ['基金投了一家保定的企业，投资已经满三年', { investmentYears: 3 }],
  ['我们投了两家省内企业，投资满两年了', { investmentYears: 2 }],
  ['今年全职引进了3位院士', { talentHeadcount: 3 }],
  ['一共引进了两名特聘专家', { talentHeadcount: 2 }],
  ['投了一家廊坊的厂子2500万，已经满一年', { investmentYears: 1, equityInvestmentAmount: 25000000 }],
]
const governmentBodies: Case[] = [
  ['我是唐山市财政局的', { applicantType: 'countyGovernment', governmentLevel: 'city' }],
  ['我们是迁安市政府，县级市', { governmentLevel: 'county', countyType: 'countyCity' }],
  ['我是涞水县商务局的，问个事', { applicantType: 'countyGovernment', governmentLevel: 'county', countyType: 'county' }],
  ['沧州市财政局，想问市本级的奖补', { governmentLevel: 'city' }],
  ['我是正定县财政局的', { countyType: 'county' }],
]
const countsAddUp: Case[] = [
  ['主持了2项国际标准的制定、1项国际标准的修订，一共资助多少', { internationalStandardsLed: 3 }],
  ['去年主持1项国际标准修订和1项国际标准制定，合计能拿多少', { internationalStandardsLed: 2 }],
  ['这两年主持修订了三项国际标准，一共多少', { internationalStandardsLed: 3 }],
  ['引进了2位院士，后来又引进了1位院士，一共能补多少', { talentHeadcount: 3 }],
  ['主持了4项国际标准', { internationalStandardsLed: 4 }],
]
const twoWordsApart: Case[] = [
  ['我们多是市外几家老客户的订单', { ordersFromOutsideCity: true }],
  ['我们接了不少市外客户的订单', { ordersFromOutsideCity: true }],
  ['那个外地的长期客户', { ordersFromOutsideCity: true }],
  ['这是一个重大的技改项目', { majorProject: true }],
  ['这回投的是重点的产业项目', { majorProject: true }],
]
const moneySaysAmount: Case[] = [
  ['这次的订单实际执行了两千万', { outsideOrderAmount: 20000000 }],
  ['去年外包合同实际执行1500万元', { outsideOrderAmount: 15000000 }],
  ['合同实际执行九百万', { outsideOrderAmount: 9000000 }],
  ['这单实际执行0.3亿', { outsideOrderAmount: 30000000 }],
  ['外地订单实际执行两千四百万', { outsideOrderAmount: 24000000 }],
]
const keywordsApart: Case[] = [
  ['质量奖 提名 中国质量奖提名奖 多少钱', { qualityAward: 'nomination' }],
  ['首台套 综合险 保费补贴', { comprehensiveInsurance: true }],
  ['企业 技术中心 省级', { platformTitle: 'enterpriseTechCenter' }],
  ['增值税 小规模 纳税人 免征', { vatTaxpayerType: 'smallScale' }],
  ['软件 企业 嘉兴 奖励', { industry: 'software' }],
]
const valueDenied: Case[] = [
  ['来的是特聘专家，并不是院士', { talentCategory: 'distinguishedExpert' }],
  ['这人不是院士，是特聘专家', { talentCategory: 'distinguishedExpert' }],
  ['不是一般纳税人，小规模', { vatTaxpayerType: 'smallScale' }],
  ['不是小规模纳税人，是一般纳税人', { vatTaxpayerType: 'general' }],
  ['我们非高新技术企业', { highTechEnterprise: false }],
]
const whatItIsNow: Case[] = [
  ['前年评上了市级，今年升为省级', { recognitionLevel: 'provincial' }],
  ['去年是省级的，今年晋升国家级了', { recognitionLevel: 'national' }],
  ['原先是市级的研发平台，目前已经是省级', { recognitionLevel: 'provincial' }],
  ['最早拿的市级认定，如今成了国家级', { recognitionLevel: 'national' }],
  ['以前是省级，现在是国家级', { recognitionLevel: 'national' }],
  ['前年入选过省级工业互联网APP，今年又入选了国家级', { industrialAppSolutionLevel: 'national' }],
]
const dateInTheNextClause: Case[] = [
  ['我们出口了一批豆粕，2018年12月的', { exportYear: 2018, exportMonth: 12 }],
  ['去年新买了检测设备，2021年5月到的货', { purchaseYear: 2021, purchaseMonth: 5 }],
  ['我们报关出口灯具，2018年10月20日', { exportYear: 2018, exportMonth: 10, exportDay: 20 }],
  ['我们买了台机床，是2020年8月', { purchaseYear: 2020, purchaseMonth: 8 }],
  ['出口的是豆粕，2018年11月以后', { exportYear: 2018, exportMonth: 11 }],
]
const numberGrammar: Case[] = [
  ['20年购置的一台设备，单价280万', { purchaseYear: 2020, equipmentUnitValue: 2800000 }],
  ['小规模纳税人，一年开票大概三百六十万', { taxableSales: 3600000 }],
  ['这个月卖货收入3万零500', { revenue: 30500 }],
  ['营收1亿零300万', { revenue: 103000000 }],
  ['研发费用5万零800元', { rdExpense: 50800 }],
  ['开业刚满3个季度', { operatingMonths: 9 }],
  ['成立两个季度', { operatingMonths: 6 }],
  ['持股刚好半年', { holdingMonths: 6 }],
  ['ISO27001认证过了，CMMI四级', { cmmiLevel: 4 }],
  ['通过了ISO9001和CMMI3级', { cmmiLevel: 3 }],
]
const failedOrNotYet: Case[] = [
  ['两增两控考核没通过', { passedTwoIncreasesTwoControls: false }],
  ['首台套目录没列入', { inFirstSetCatalogue: false }],
  ['省里的重大科技攻关项目我们还没申报', { provincialKeyRdProject: false }],
  ['两增两控考核今年未达标', { passedTwoIncreasesTwoControls: false }],
  ['首台套目录我们还没入选', { inFirstSetCatalogue: false }],
]
const aBankIsNotAPlace: Case[] = [
  ['北京银行石家庄分行', { region: '石家庄市' }],
  ['中国银行保定分行', { region: '保定市' }],
  ['工商银行唐山分行，想问创新信贷奖励', { region: '唐山市' }],
  ['我们是北京银行在廊坊的分行', { region: '廊坊市' }],
  ['沧州银行总行', { region: '沧州市' }],
]
const countedAfterQualifiers: Case[] = [
  ['2名高层次领军人才', { talentHeadcount: 2 }],
  ['引进了3位海外高层次人才', { talentHeadcount: 3 }],
  ['引进了两名国外知名专家', { talentHeadcount: 2 }],
  ['拿了3个中国优秀工业设计奖金奖', { chinaGoldAwardCount: 3 }],
  ['有2项作品获得中国优秀工业设计奖金奖', { chinaGoldAwardCount: 2 }],
  ['两位千人计划创新长期项目专家', { talentHeadcount: 2 }],
]

// the words that only link a name to its figure (合计, 总共是) leave the name in reach, and a cue
// ending a longer name said in other words is that name's (所得税增量 in 省里分成的…所得税增量)
const linkedToLongerNames: Case[] = [
  ['今年省级分享那部分的增值税和所得税增量总计120万', { cfProvincialTaxIncrement: 1200000 }],
  ['省里分成的增值税和企业所得税增量总共两百万', { cfProvincialTaxIncrement: 2000000 }],
  ['省级分享企业缴纳增值税增量一共60万', { cfProvincialVatIncrement: 600000 }],
  ['企业两税增量合计500万', { taxIncrementWhole: 5000000 }],
  ['这家企业增值税增量共计300万', { vatIncrementWhole: 3000000 }],
]
// a figure in brackets saying what the one before includes is a part of it, not its value
const partsInBrackets: Case[] = [
  ['我们是商贸公司，平均员工85人（含劳务派遣10人），资产900万', { employees: 85 }],
  ['从业人数120人(包括派遣工20人)', { employees: 120 }],
  ['营收3000万（含出口800万），增长20%', { revenue: 30000000 }],
  ['员工50人，资产2000万（含厂房1200万）', { totalAssets: 20000000 }],
  ['去年营业收入6500万（其中软件部分1800万）', { revenue: 65000000 }],
]
// a sum said before the thing it is the money of (一个3000万的项目 is the project's investment)
const sumBeforeItsThing: Case[] = [
  ['想搞个两千万的技改项目', { projectInvestment: 20000000 }],
  ['准备上马一个8000万左右的新项目', { projectInvestment: 80000000 }],
  ['刚签了一笔600万的贷款合同', { loanAmount: 6000000 }],
  ['我们厂有一亿二的资产', { totalAssets: 120000000 }],
  ['准备上一个1000万整的生产线技术改造项目', { projectInvestment: 10000000 }],
]
// a sum or share said to be none is 0 (有没有 asks, it does not deny)
const sumsDenied: Case[] = [
  ['研发全部费用化，没形成无形资产', { rdCapitalisedStated: 0 }],
  ['我们这只基金里没有政府引导基金', { guideFundShare: 0 }],
  ['项目里没有土地费用，都是设备', { landCost: 0 }],
  ['今年没发生研发费用', { rdExpense: 0 }],
  ['我们没有出口信用保险保费', { exportCreditPremium: 0 }],
]
// the place the asker is in, beside places said of others
const theAskersOwnPlace: Case[] = [
  ['我是正定县财政局的，一家北京企业的总部注册到我们县', { region: '正定县' }],
  ['我是邢台市工信局的，有家天津企业想搬过来', { region: '邢台市' }],
  ['我们保定的，上游供应商在沧州', { region: '保定市' }],
  ['我们是聊城的，之前在济南注册过一家', { region: '聊城市' }],
  ['我们北京总部，在保定注册了子公司', { region: '保定市' }],
]
// 第N年: an ordinal of years is the year count a fact asks as 第几年, the one the message speaks of
const ordinalYears: Case[] = [
  ['项目拿到第一笔收入以后，今年已经是第四年了', { preferentialYear: 4 }],
  ['免税期过了，现在是取得收入后第六年', { preferentialYear: 6 }],
  ['这个总部迁过来以后，今年是省里奖补的第三年', { hqRewardYear: 3 }],
  ['被认定科小之后现在是第三年', { yearsSinceRecognition: 3 }],
  ['达产纳税后的第二年', { yearsSinceProductionTax: 2 }],
]
// a "no" word inside a longer "yes" cue is that cue's (收费 in 不收费)
const noInsideYes: Case[] = [
  ['给羊绒企业开展公益咨询服务活动（不收费）', { spFreeServiceToFirms: true }],
  ['问诊都是不收费的', { spFreeServiceToFirms: true }],
  ['对接活动没收钱', { spFreeServiceToFirms: true }],
  ['咨询是收费的', { spFreeServiceToFirms: false }],
  ['这次对接企业付钱了', { spFreeServiceToFirms: false }],
]
const cases: [string, Case[]][] = [
  ['numbers in more forms (万零, 季度, 半年, a standard\'s number)', numberGrammar],
  ['what failed or is not yet done', failedOrNotYet],
  ['a bank named after a place is not there', aBankIsNotAPlace],
  ['what is counted after words that qualify it', countedAfterQualifiers],
  ['a date said in the clause after its subject', dateInTheNextClause],
  ['what it is now, after what it was', whatItIsNow],
  ['a cue of two words said apart', twoWordsApart],
  ['a name linked to its figure, inside a longer name', linkedToLongerNames],
  ['a part in brackets', partsInBrackets],
  ['a sum said before its thing', sumBeforeItsThing],
  ['ordinal years', ordinalYears],
  ['a no word inside a yes cue', noInsideYes],
  ['a sum or share said to be none', sumsDenied],
  ['the asker\'s own place beside others', theAskersOwnPlace],
  ['a sum of money already says 金额', moneySaysAmount],
  ['keywords typed apart', keywordsApart],
  ['a value denied is not the asker\'s', valueDenied],
  ['counts of one fact add up when a total is asked', countsAddUp],
  ['a government body and its level', governmentBodies],
  ['a count whose measure word fits the fact', measureWordsAgree],
  ['where a project is built', whereItIsBuilt],
  ['a yes-or-no fact said in other words', yesNoInOtherWords],
  ['a comparison said the other way', comparedTheOtherWay],
  ['a fact named in other words than its cue', namedLoosely],
  ['a quantity in two periods', twoPeriods],
  ['a level denied', deniedLevels],
  ['a figure per item', perItem],
  ['latin and spoken shorthands', shorthand],
  ['a negation a few words before', deniedNearby],
  ['where a firm came from is not where it is', notWhereItIs],
  ['ranks and ordinals', ranksAndOrdinals],
  ['the asker speaking of itself', theSpeaker],
  ['items named after their count', itemsNamedLater],
  ['the date of the event', eventDates],
  ['money', money],
  ['ratios and growth', ratios],
  ['years and dates', dates],
  ['durations', durations],
  ['counts', counts],
  ['regions', regions],
  ['industries and kinds', industries],
  ['certifications', certifications],
  ['first-time events', firstTime],
  ['negation', negation],
  ['several facts in one message', mixed],
]

// a figure said as a bound keeps its figure in the profile and the bound beside it
const bounds: [string, Record<string, unknown>, Record<string, { op: string; value: number }>][] = [
  ['连续12个月应税销售额超过500万元了', { taxableSales: 5000000 }, { taxableSales: { op: '>', value: 5000000 } }],
  ['营收3000万以上', { revenue: 30000000 }, { revenue: { op: '>=', value: 30000000 } }],
  ['员工不到100人', { employees: 100 }, { employees: { op: '<', value: 100 } }],
  ['资产总额不超过5000万', { totalAssets: 50000000 }, { totalAssets: { op: '<=', value: 50000000 } }],
  ['研发投入至少800万', { rdExpense: 8000000 }, { rdExpense: { op: '>=', value: 8000000 } }],
  ['营收增长超过10%', { revenueGrowth: 0.1 }, { revenueGrowth: { op: '>', value: 0.1 } }],
  // a milestone passed: above it, and under the next step
  ['软件收入已经突破了两个亿', { softwareRevenue: 200000000 }, { softwareRevenue: { op: '>', value: 200000000, approx: true, upTo: 300000000 } }],
  ['营收头一回过了八千万', { revenue: 80000000 }, { revenue: { op: '>', value: 80000000, approx: true, upTo: 90000000 } }],
  ['员工五十人出头', { employees: 50 }, { employees: { op: '>', value: 50 } }],
  ['应纳税所得额低于100万', { taxableIncome: 1000000 }, { taxableIncome: { op: '<', value: 1000000 } }],
  ['CMMI三级以上', { cmmiLevel: 3 }, { cmmiLevel: { op: '>=', value: 3 } }],
]
// said exactly, or asked about, a figure is no bound
const noBounds: [string, Record<string, unknown>][] = [
  ['软件收入第一次超过五千万，5300万', { softwareRevenue: 53000000 }],
  ['营收超过3000万了吗', { revenue: 30000000 }],
  ['员工超没超100人', { employees: 100 }],
  ['营收是否超过5000万', { revenue: 50000000 }],
  ['营收3500万', { revenue: 35000000 }],
]
// several figures of one fact: the profile keeps one, the sum is offered to totals
const totals: [string, string, { sum: number; parts: number }][] = [
  ['两只基金，各投了省内企业1500万元', 'equityInvestmentAmount', { sum: 30000000, parts: 2 }],
  ['注册资本分别60亿、50亿、30亿元', 'registeredCapital', { sum: 14000000000, parts: 3 }],
  ['注册资本分别是90亿，80亿', 'registeredCapital', { sum: 17000000000, parts: 2 }],
  ['三个项目每个投资500万', 'projectInvestment', { sum: 15000000, parts: 3 }],
  ['研发费用2000万和3000万', 'rdExpense', { sum: 50000000, parts: 2 }],
]

describe('fact extraction over colloquial phrasings', () => {
  it.each(bounds)('reads a bound: %s', (text, profile, want) => {
    const r = extractFacts(text, ctx)
    expect(r.profile).toMatchObject(profile)
    expect(r.bounds).toEqual(want)
  })

  it.each(noBounds)('reads no bound: %s', (text, profile) => {
    const r = extractFacts(text, ctx)
    expect(r.profile).toMatchObject(profile)
    expect(r.bounds).toEqual({})
  })

  it.each(totals)('sums several figures: %s', (text, fact, want) => {
    expect(extractFacts(text, ctx).totals).toEqual({ [fact]: want })
  })

  it.each(['软件收入第一次超过五千万，5300万', '营收3500万，增长15%', '每年研发投入200万'])('sums nothing that is one figure: %s', (text) => {
    expect(extractFacts(text, ctx).totals).toEqual({})
  })

  for (const [name, table] of cases)
    describe(name, () => {
      it.each(table)('%s', (text, want) => {
        expect(extractFacts(text, ctx).profile).toMatchObject(want)
      })
    })

  // a pronoun and a verb are not two words of a cue (我们…建的), a bare level is any title's, a
  // province's recognition is not the 军民融合 one
  it.each([
    ['我们在廊坊新建的厂房', 'designCenterOperator'],
    ['我们在苏州新建的研发楼', 'designCenterOperator'],
    ['获得过省级企业技术中心认定', 'cfProvMilitaryCivil'],
    ['我们专利很多，也有省级技术中心', 'patentAwardLevel'],
    ['拿了市级的科技进步奖', 'patentAwardLevel'],
  ])('reads no fact from words that only resemble its cue: %s', (text, fact) => {
    expect(extractFacts(text, ctx).profile).not.toHaveProperty(fact)
  })

  // 培训费 may be the trainees' fees or the 职工教育经费: the dialogue gives it to the fact the rules use
  it.each([['培训费一共3.6万', 36000], ['两个人培训，培训费用合计一万二', 12000], ['培训费总共花了4800元', 4800]])('reads the training fees in %s', (text, v) => {
    const { profile, alternatives } = extractFacts(text, ctx)
    const first = Object.keys(profile).find((id) => profile[id] === v)!
    expect([first, ...(alternatives[first] ?? [])]).toContain('trainingFeeTotal')
  })

  // 保证贷款和信用贷款各放了一千万: both kinds held, each policy judged on its own
  it.each([
    ['保证贷款和信用贷款各放了一千万', 'techLoanKind', ['otherForm', 'creditOrPatent']],
    ['专利质押贷款与抵押贷款都出了坏账', 'techLoanKind', ['creditOrPatent', 'otherForm']],
    ['抵押贷款、纯信用贷款各一笔不良', 'techLoanKind', ['otherForm', 'creditOrPatent']],
    ['担保贷款以及信用贷都有', 'techLoanKind', ['otherForm', 'creditOrPatent']],
    ['房产抵押跟专利权质押两种贷款', 'techLoanKind', ['otherForm', 'creditOrPatent']],
  ])('reads both kinds named together in %s', (text, fact, kinds) => {
    expect(extractFacts(text, ctx).both[fact]).toEqual(kinds)
  })

  // 参与了两个行业标准: what was only taken part in is no count of what was led
  it.each([
    ['我们参加了两项团体标准的编写', undefined],
    ['去年参与起草了4项地方标准', undefined],
    ['只是参加了2个行业标准制定，没有牵头', undefined],
    ['主持了1项国家标准，另外参与了3项行业标准', 1],
    ['牵头制定了2项团体标准', 2],
  ])('counts only what was led in %s', (text, led) => {
    expect(extractFacts(text, ctx).profile.wqDomesticStandardsLed).toBe(led)
  })

  it.each([
    ['开业九个月累计卖了三百九十万', 3900000],
    ['新公司八个月一共卖了260万', 2600000],
  ])('reads a cumulative sale in %s', (text, v) => {
    expect(extractFacts(text, ctx).profile.cumulativeTaxableSales).toBe(v)
  })

  it.each(['信用贷款出了一笔不良', '抵押贷款，不是信用贷款'])('reads one kind, not both, in %s', (text) => {
    expect(extractFacts(text, ctx).both.techLoanKind).toBeUndefined()
  })

  it.each(growthOfAnother)('reads no revenue growth in %s', (text, fact) => {
    expect(extractFacts(text, ctx).profile[fact]).toBeUndefined()
  })

  it('has at least 150 phrasings', () => {
    expect(cases.reduce((n, [, t]) => n + t.length, 0)).toBeGreaterThanOrEqual(150)
  })

  it.each(['用电是110千伏的', '35kV专线', '装了500千瓦的光伏'])('reads no money in a physical unit: %s', (text) => {
    expect(findNumbers(text).filter((s) => s.kind === 'money')).toEqual([])
  })

  it.each(['出口额1500万元人民币', '出口额300万人民币', '年出口额两千万元'])('gives no sum in 元 to a fact in 美元: %s', (text) => {
    expect(extractFacts(text, ctx).profile.exportValueUsd).toBeUndefined()
  })

  it.each([
    ['年销售额一亿三千来万', 130000000],
    ['营收大概四亿五千多万', 450000000],
    ['产值2亿6千多万', 260000000],
    ['十二亿零五百万', 1205000000],
  ])('counts a unit after a numeral with its own 亿 in the part after it: %s', (text, value) => {
    expect(findNumbers(text).find((s) => s.kind === 'money')?.value).toBe(value)
  })

  it.each([
    ['出口额六七百万', 6000000, { op: '>=', value: 6000000, approx: true, upTo: 7000000 }],
    ['营收三千二三百万的样子', 32000000, { op: '>=', value: 32000000, approx: true, upTo: 33000000 }],
    ['保费九十来万', 900000, { op: '>=', value: 900000, approx: true, upTo: 1000000 }],
  ])('reads a range or a round figure as its least value, and as a bound up to the next step of its last digit: %s', (text, value, bound) => {
    const { profile, bounds } = extractFacts(text, ctx)
    expect(Object.values(profile)).toContain(value)
    expect(Object.values(bounds)).toEqual([bound])
  })

  it('counts no items in a sum of 亿 or a month said as 第N个月', () => {
    expect(extractFacts('挂牌第八个月融资了3个亿，两项奖励一共多少', ctx).items).toEqual({})
  })

  it('reads a figure after 不含税价 as the price without the tax, never the price with it', () => {
    const { profile } = extractFacts('一批设备不含税价600万，销项税多少', ctx)
    expect(profile).toMatchObject({ salesExcludingVat: 6000000 })
    expect(profile.salesIncludingVat).toBeUndefined()
  })

  it('reads the part said not to be something (没形成无形资产的部分) as no figure of that thing', () => {
    const { profile } = extractFacts('研发费用里没有形成无形资产的部分一共三百二十万', ctx)
    expect(profile).toMatchObject({ rdExpense: 3200000 })
    expect(profile.rdCapitalisedStated).toBeUndefined()
  })

  it('keeps counts typed with spaces between them apart (员工72人 劳务派遣15人)', () => {
    expect(extractFacts('做批发的 职工58人 劳务派遣9人 资产800万', ctx).profile).toMatchObject({ employees: 58, dispatchedWorkers: 9 })
  })

  it('reads a cost named without its 用 (研发费, not only 研发费用)', () => {
    expect(extractFacts('去年研发费九百万，全部费用化', ctx).profile).toMatchObject({ rdExpense: 9000000 })
  })

  it.each(['软件收入今年三千二百万，那50万能拿吗', '嘉兴的外包企业，有30万奖励吗？'])('takes no sum asked about for a fact of the enterprise: %s', (text) => {
    const { profile } = extractFacts(text, ctx)
    expect(Object.values(profile).filter((v) => v === 500000 || v === 300000)).toEqual([])
  })

  it.each(['所得额500万，按15%比25%少交多少', '所得额500万，跟按25%比能省多少'])('reads the rate compared against as the income tax rate: %s', (text) => {
    expect(extractFacts(text, ctx).profile).toMatchObject({ taxableIncome: 5000000, incomeTaxRate: 0.25 })
  })

  it('gives a sum whose cue names no period to the period the message says', () => {
    expect(extractFacts('小规模纳税人按月报税，上个月服务收入两万八', ctx).profile).toMatchObject({ monthlyServiceSales: 28000 })
    expect(extractFacts('小规模纳税人，本季度服务收入十一万', ctx).profile).toMatchObject({ quarterlyServiceSales: 110000 })
  })

  it('reads no figure and no period in a notice number (财税〔2018〕99号, 2019年第39号公告)', () => {
    const { profile } = extractFacts('2022年的研发费用，还能按财税〔2018〕99号或者2019年第39号公告办吗', ctx)
    expect(profile.askedYear).toBe(2022)
    expect(Object.values(profile)).not.toContain(99)
    expect(Object.values(profile)).not.toContain(39)
  })

  it('reads a cue said around its figure (发了3000万信用贷款 as 发了信用贷款)', () => {
    expect(extractFacts('合作银行给科技型中小企业放了2500万信用贷款', ctx).profile).toMatchObject({ techSmeCreditPatentLoansIssued: 25000000 })
  })

  it('still reads a figure that the award is asked for (营收3000万的补贴能拿多少)', () => {
    expect(extractFacts('营收3000万的补贴能拿多少', ctx).profile).toMatchObject({ revenue: 30000000 })
  })

  it('reads 俩 and 仨 as counts without a measure word', () => {
    expect(findNumbers('牵头制定了仨行业标准').map((s) => [s.value, s.kind])).toEqual([[3, 'count']])
    expect(findNumbers('俩月').filter((s) => s.kind === 'count')).toEqual([])
  })

  it('reads 高不少 and 高出不少 as above, 低不少 as below', () => {
    expect(extractFacts('嘉兴的软件企业，增速比全市平均高出不少', ctx).profile.growthAboveCityAverage).not.toBe(false)
    expect(extractFacts('聊城的企业，营收增幅比全市平均低不少', ctx).profile.growthAboveCityAverage).toBe(false)
  })

  it.each([
    ['年出口额500万美元', 5000000],
    ['去年出口了800万美金', 8000000],
    ['出口额大概1.2亿美元', 120000000],
  ])('keeps the currency of a dollar amount: %s', (text, value) => {
    const span = findNumbers(text).find((s) => s.kind === 'money')
    expect(span).toMatchObject({ value, currency: 'USD' })
  })
})
