// The questions one message asks, each as the asker put it: they end in ？, or follow each other
// after a comma (要交哪些材料，几号截止), or, typed without punctuation (办完认证了 补多少 材料交哪),
// are parted by spaces.

// (贴息能申请不: a question asked by its closing 不 or 没, as people type without a question mark)
// (这几年, 之后几年, 好几家 count, they do not ask)
const ASKS = /什么|啥|哪|多少|(?<![这那近前后头去好])几|多久|谁|怎么|咋|吗|能否|是否|要不要|需不需要|有没有|能不能|可不可以|[不没]\s*$/
const NEXT_QUESTION = /[？?；;]|[，,](?=[^，,？?]*(?:什么|啥|哪|多少|(?<![这那近前后头去好])几|多久|谁|怎么|咋|吗))/

export function askedParts(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[，。,.]/.test(text) ? NEXT_QUESTION : /[？?；;\s]+/)
    .filter((p) => p && p.trim().length >= 4 && ASKS.test(p))
}
