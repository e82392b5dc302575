CREATE TABLE [dbo].[Orders](
	[OrderID] [int] IDENTITY(1,1) NOT NULL,
	[Customer] [nvarchar](50) COLLATE Latin1_General_CI_AS NULL,
	[Amount] [money] NOT NULL CONSTRAINT [DF_Amount] DEFAULT ((0)),
	[Total] AS ([Amount] * 2),
	[Ref] int REFERENCES dbo.refs (id),
 CONSTRAINT [PK_Orders] PRIMARY KEY CLUSTERED
(
	[OrderID] ASC
)WITH (PAD_INDEX = OFF, IGNORE_DUP_KEY = OFF) ON [PRIMARY],
 CONSTRAINT FK_c FOREIGN KEY (Customer) REFERENCES dbo.customers (name) ON DELETE CASCADE,
 CHECK (Amount >= 0)
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
